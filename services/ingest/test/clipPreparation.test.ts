import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderShapeClip, testFfmpegPath, type ShapeClip } from '@secpipe/testing';
import { resolveFfmpegBinaries } from '../src/video/ffmpegBinaries';
import { FfmpegFrameExtractor } from '../src/video/frameExtractor';
import { prepareClip, type ClipPorts } from '../src/video/prepareClip';
import { FfprobeVideoProbe } from '../src/video/videoProbe';

const run = promisify(execFile);

/** prepareClip with the real ffprobe and ffmpeg on clips cut, emptied of video, or too slow. */
describe('clip preparation', () => {
  let dir: string;
  let clip: ShapeClip;
  const binaries = resolveFfmpegBinaries();
  const ports = (timeoutMs = 30_000): ClipPorts => ({
    probe: new FfprobeVideoProbe(binaries, timeoutMs),
    extractor: new FfmpegFrameExtractor(binaries, timeoutMs),
    sampling: { intervalSeconds: 4, maxFrames: 20 },
    maxSide: 16_384,
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clip-prep-'));
    clip = await renderShapeClip({ width: 160, height: 120, seconds: 9, fps: 2, container: 'mkv' });
  }, 30_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes the first frame and one every 4 s, at most VIDEO_MAX_FRAMES', async () => {
    const file = path.join(dir, 'whole.mkv');
    await writeFile(file, clip.bytes);
    const verdict = await prepareClip(file, ports());
    if (!verdict.accepted) throw new Error(verdict.detail);
    expect(verdict.frames.map((f) => f.offsetSeconds)).toEqual([0, 4, 8]);
    expect(verdict.info).toMatchObject({ codec: 'h264', width: 160, height: 120 });
    const capped = await prepareClip(path.join(dir, 'whole.mkv'), { ...ports(), sampling: { intervalSeconds: 1, maxFrames: 5 } });
    // Same content, same folder: the first extraction is reused whatever the sampling says now.
    expect(capped.accepted && capped.frames.length).toBe(3);
    const other = path.join(dir, 'dense.mkv');
    await writeFile(other, clip.bytes);
    const dense = await prepareClip(other, { ...ports(), sampling: { intervalSeconds: 1, maxFrames: 5 } });
    expect(dense.accepted && dense.frames.map((f) => f.offsetSeconds)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects an MKV cut off mid-upload (its index came first) as corrupt, and leaves no frames', async () => {
    const file = path.join(dir, 'cut.mkv');
    await writeFile(file, clip.bytes.subarray(0, Math.floor(clip.bytes.length * 0.6)));
    const verdict = await prepareClip(file, ports());
    expect(verdict).toMatchObject({ accepted: false, reason: 'corrupt' });
    expect((await readdir(path.join(dir, '.frames'))).filter((name) => name.startsWith('cut.mkv'))).toEqual([]);
  });

  it('rejects a container without a video stream as unsupported', async () => {
    const file = path.join(dir, 'sound.mp4');
    await run(testFfmpegPath(), ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'aac', file]);
    expect(await prepareClip(file, ports())).toMatchObject({ accepted: false, reason: 'unsupported', detail: 'no video stream' });
  });

  it('kills ffprobe at the timeout and rejects the clip as corrupt', async () => {
    const file = path.join(dir, 'slow.mkv');
    await writeFile(file, clip.bytes);
    const verdict = await prepareClip(file, ports(1));
    expect(verdict).toMatchObject({ accepted: false, reason: 'corrupt', detail: expect.stringContaining('timed out') });
  });
});

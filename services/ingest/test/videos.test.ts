import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderShapeClip, textPosingAsImage, useIntegrationContext, waitFor, writeUpload, writeUploadInChunks, type ShapeClip } from '@secpipe/testing';
import { clipFramesFolder as framesFolderOf, queueCatalog } from '@secpipe/core';
import { frameHash } from '../src/video/clipJobs';
import type { FrameExtractor } from '../src/video/frameExtractor';
import { detectionJobs, detectionQueue, makeCameraRoot, startIngest, testConfig, type RunningIngest } from './support/ingestHarness';

/** Clips through ingest with the real ffprobe and ffmpeg: frames out, one job per frame. */
describe('ingest: video uploads', () => {
  const ctx = useIntegrationContext('ingest-videos');
  let root: string;
  let removeRoot: () => Promise<void>;
  let ingest: RunningIngest;
  let clip: ShapeClip;

  beforeAll(async () => {
    ({ root, remove: removeRoot } = await makeCameraRoot());
    // 12 s at 2 fps, small: the rule (first frame, then every 4 s) gives frames at 0, 4 and 8 s.
    clip = await renderShapeClip({ width: 320, height: 240, seconds: 12, fps: 2 });
    ingest = await startIngest(ctx, testConfig(ctx, root, { STABILITY_MS: '300' }));
    await waitFor(() => ingest.service.readiness().watcher, { what: 'watcher running' });
  }, 60_000);
  afterAll(async () => {
    await ingest.stop();
    await removeRoot();
  });

  const jobsOf = async (video: string) => (await detectionJobs(detectionQueue(ctx))).filter((job) => job.data.video?.video_path === video);
  const enqueuedLogs = (file: string) => ingest.logs().filter((line) => line.msg === 'upload enqueued' && line.file === file);

  it('turns a 12 s clip into three frame jobs at 0, 4 and 8 s with the clip described on each', async () => {
    const file = await writeUpload(root, 'Driveway/clip-0001.mp4', clip.bytes);
    const jobs = await waitFor(async () => ((await jobsOf(file)).length === 3 ? jobsOf(file) : undefined), { what: 'three frame jobs' });
    jobs.sort((a, b) => a.data.video!.frame_offset - b.data.video!.frame_offset);
    const videoHash = jobs[0].data.video!.video_hash;
    expect(jobs.map((job) => job.data.video!.frame_offset)).toEqual([0, 4, 8]);
    expect(jobs.map((job) => job.data.video!.frame_index)).toEqual([0, 1, 2]);
    const folder = framesFolderOf(file, videoHash);
    for (const [i, job] of jobs.entries()) {
      expect(job.id).toBe(queueCatalog.detection.jobId(job.data));
      expect(job.data).toMatchObject({ camera_id: 'driveway', media_type: 'video', file_hash: frameHash(videoHash, job.data.video!.frame_offset) });
      expect(path.dirname(job.data.file_path)).toBe(folder);
      expect((await stat(job.data.file_path)).size).toBeGreaterThan(1000);
      expect(job.data.video).toEqual({
        video_path: file,
        video_hash: videoHash,
        frame_offset: i * 4,
        frame_index: i,
        frame_count: 3,
        duration: 12,
        video_codec: 'h264',
        video_width: 320,
        video_height: 240,
      });
    }
    // Frames lie in time as in the clip: its start (mtime less duration) plus the offset.
    const captured = jobs.map((job) => Date.parse(job.data.captured_at));
    expect(captured[1] - captured[0]).toBe(4000);
    expect(captured[2] - captured[0]).toBe(8000);
    expect(await ingest.metric('files_accepted_total')).toBe(1);
    expect(await ingest.metric('video_frames_extracted_total')).toBe(3);
    expect(await ingest.metric('video_prepare_seconds_count')).toBe(1);
    expect(enqueuedLogs(file)).toHaveLength(1);
    // The hidden frames folder is never taken for uploads of its own.
    expect((await readdir(folder)).filter((name) => name.endsWith('.jpg'))).toHaveLength(3);
    await ingest.service.rescan('watcher_gap');
    expect(ingest.logs().some((line) => String(line.file ?? '').includes('.frames'))).toBe(false);
  });

  it('rejects a truncated clip and a text file named .mp4 as corrupt, enqueues nothing and leaves no frames', async () => {
    const rejectedBefore = await ingest.metric('files_rejected_total', { reason: 'corrupt' });
    const cut = await writeUpload(root, 'Garden/cut.mp4', clip.bytes.subarray(0, Math.floor(clip.bytes.length / 2)));
    const text = await writeUpload(root, 'Garden/notes.mov', textPosingAsImage(20 * 1024));
    await waitFor(async () => (await ingest.metric('files_rejected_total', { reason: 'corrupt' })) === rejectedBefore + 2, { what: 'two corrupt rejections' });
    const rejections = ingest.logs().filter((line) => line.msg === 'upload rejected' && (line.file === cut || line.file === text));
    expect(rejections.map((line) => line.reason)).toEqual(['corrupt', 'corrupt']);
    expect((await detectionJobs(detectionQueue(ctx))).filter((job) => job.data.camera_id === 'garden')).toHaveLength(0);
    expect(await readdir(path.join(root, 'Garden', '.frames')).catch(() => [])).toEqual([]);
    await ingest.service.rescan('watcher_gap');
    expect(ingest.logs().filter((line) => line.msg === 'upload rejected' && line.file === cut)).toHaveLength(1);
  });

  it('processes a clip copied in slowly once, after its last chunk', async () => {
    let lastChunkAt = 0;
    const other = await renderShapeClip({ width: 320, height: 240, seconds: 12, fps: 2, seed: 7 });
    const file = await writeUploadInChunks(root, 'Porch/slow.mkv', other.bytes, {
      chunks: 8,
      gapMs: 280,
      afterChunk: () => {
        lastChunkAt = Date.now();
      },
    });
    const jobs = await waitFor(async () => ((await jobsOf(file)).length === 3 ? jobsOf(file) : undefined), { what: 'three frame jobs of the slow clip' });
    expect(Math.min(...jobs.map((job) => job.timestamp))).toBeGreaterThanOrEqual(lastChunkAt);
    expect(ingest.logs().filter((line) => line.msg === 'upload rejected' && line.file === file)).toHaveLength(0);
    await waitFor(() => ingest.service.backlog().following === 0, { what: 'ingest idle' });
    expect(enqueuedLogs(file)).toHaveLength(1);
    expect(await jobsOf(file)).toHaveLength(3);
  });

  it('runs at most VIDEO_EXTRACT_CONCURRENCY extractions at once and still takes every clip', async () => {
    let running = 0;
    let most = 0;
    const other = await makeCameraRoot();
    ctx.onClose(other.remove);
    const bounded = await startIngest(ctx, testConfig(ctx, other.root, { STABILITY_MS: '300', VIDEO_EXTRACT_CONCURRENCY: '2' }), {
      adjustPorts: (ports) => {
        const real = ports.clips.extractor;
        const counted: FrameExtractor = {
          async extract(...args) {
            running += 1;
            most = Math.max(most, running);
            try {
              return await real.extract(...args);
            } finally {
              running -= 1;
            }
          },
        };
        return { ...ports, clips: { ...ports.clips, extractor: counted } };
      },
    });
    await waitFor(() => bounded.service.readiness().watcher, { what: 'watcher running' });
    const files = await Promise.all([1, 2, 3, 4, 5].map(async (n) => writeUpload(other.root, `Lane/clip-${n}.mp4`, Buffer.concat([clip.bytes, Buffer.alloc(n)]))));
    await waitFor(async () => (await bounded.metric('files_accepted_total')) === files.length, { what: 'five clips accepted', timeoutMs: 30_000 });
    expect(most).toBe(2);
    await bounded.stop();
  });

  it('after a crash mid-extraction extracts the clip again on the next start, onto the same job ids', async () => {
    const file = await writeUpload(root, 'Side/again.mp4', clip.bytes);
    const first = await waitFor(async () => ((await jobsOf(file)).length === 3 ? jobsOf(file) : undefined), { what: 'the first three jobs' });
    await waitFor(() => ingest.service.backlog().following === 0, { what: 'ingest idle' });
    await ingest.stop();
    // As if the first run had crashed while ffmpeg was writing: a scratch folder without a
    // manifest, no finished frames folder, no jobs, no dedupe key, the watermark behind.
    const folder = path.dirname(first[0].data.file_path);
    await rm(folder, { recursive: true });
    await mkdir(`${folder}.tmp-crashed`, { recursive: true });
    await writeFile(`${folder}.tmp-crashed/frame_0001.jpg`, 'half a frame');
    await ctx.redis.del(...(await ctx.redis.keys(`${ctx.prefix}:ingest:dedupe:*`)));
    for (const job of first) await job.remove();
    await ctx.prisma.camera.update({ where: { id: 'side' }, data: { ingest_watermark: null } });
    const past = new Date(Date.now() - 5000);
    await utimes(file, past, past);
    ingest = await startIngest(ctx, testConfig(ctx, root, { STABILITY_MS: '300' }));
    const again = await waitFor(async () => ((await jobsOf(file)).length === 3 ? jobsOf(file) : undefined), { what: 'the jobs queued again' });
    expect(again.map((job) => job.id).sort()).toEqual(first.map((job) => job.id).sort());
    expect((await readdir(folder)).sort()).toEqual(['frame_0001.jpg', 'frame_0002.jpg', 'frame_0003.jpg', 'frames.json']);
    expect(await readdir(path.dirname(folder))).toEqual([path.basename(folder)]);
  });
});

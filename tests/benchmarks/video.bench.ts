// Clip throughput: a 60 s 1920x1080 H.264 clip as an IP camera records one (15 fps, 4 Mbit/s, a
// keyframe every 2 s, per-frame sensor noise so every frame carries data) through ingest's clip path
// (ffprobe, SHA-256, ffmpeg frame extraction with the default sampling: first frame + one every
// 4 s = 15 frames) and then each frame through the detector's service path (fixture RT-DETR
// model, CPU). Reports frames/s extracted, analysed, and both together, and the extraction by one
// `select` pass over the whole clip (the path for clips without a duration) for comparison.
// Results: bench-results/video.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../libs/core/src';
import { summarizeLatencies, writeBenchResult } from '../../libs/testing/src/bench/benchStats';
import { writeFixtureModel } from '../../libs/testing/src/fixtures/fixtureModel';
import { renderShapeClip } from '../../libs/testing/src/fixtures/shapeClips';
import { ObjectDetector } from '../../services/detector/src/inference/objectDetector';
import { loadModel } from '../../services/detector/src/model/loadModel';
import { resolveFfmpegBinaries } from '../../services/ingest/src/video/ffmpegBinaries';
import { FfmpegFrameExtractor } from '../../services/ingest/src/video/frameExtractor';
import { prepareClip } from '../../services/ingest/src/video/prepareClip';
import { FfprobeVideoProbe } from '../../services/ingest/src/video/videoProbe';

const SECONDS = 60;
const FPS = 15;
const ROUNDS = 2;
const INPUT = 640;
/** Detections in flight at once, as the detector worker's default concurrency. */
const DETECT_CONCURRENCY = 4;

const seconds = (ms: number) => Math.round(ms) / 1000;
const rate = (count: number, ms: number) => Math.round((count / (ms / 1000)) * 10) / 10;

async function detectAll(detector: ObjectDetector, frames: Buffer[]): Promise<number> {
  let next = 0;
  let found = 0;
  const lane = async () => {
    while (next < frames.length) {
      const frame = frames[next];
      next += 1;
      found += (await detector.detect(frame)).detections.length;
    }
  };
  await Promise.all(Array.from({ length: DETECT_CONCURRENCY }, lane));
  return found;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'video-bench-'));
  try {
    const madeAt = performance.now();
    const clip = await renderShapeClip({ width: 1920, height: 1080, seconds: SECONDS, fps: FPS, snap: 3, noise: 4, keyframeSeconds: 2, preset: 'ultrafast', bitrate: '4M', seed: 5 });
    const generateMs = performance.now() - madeAt;
    const binaries = resolveFfmpegBinaries({ ffmpegPath: process.env.FFMPEG_PATH, ffprobePath: process.env.FFPROBE_PATH });
    const ports = {
      probe: new FfprobeVideoProbe(binaries, 300_000),
      extractor: new FfmpegFrameExtractor(binaries, 300_000),
      sampling: { intervalSeconds: 4, maxFrames: 20 },
      maxSide: 16_384,
    };
    const logger = createLogger({ service: 'video-bench', level: 'warn' });
    const modelPath = writeFixtureModel(dir, 'rtdetr-fixture.onnx', { family: 'detr', width: INPUT, height: INPUT });
    const detector = new ObjectDetector(await loadModel({ modelPath, device: 'cpu', fallbackInputSize: INPUT, logger }), {
      maxBatch: DETECT_CONCURRENCY,
      maxWaitMs: 2,
      resize: 'stretch',
      minScore: 0.5,
      iouThreshold: 0.45,
    });
    await detector.warmUp();

    const extractMs: number[] = [];
    const detectMs: number[] = [];
    let frameCount = 0;
    let detections = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      // A new name each round: extraction is once per clip, so the same name would be reused.
      const file = path.join(dir, 'cam', `clip-${round}.mp4`);
      rmSync(path.join(dir, 'cam'), { recursive: true, force: true });
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, clip.bytes);
      const t0 = performance.now();
      const verdict = await prepareClip(file, ports);
      extractMs.push(performance.now() - t0);
      if (!verdict.accepted) throw new Error(`clip rejected: ${verdict.detail}`);
      const frames = await Promise.all(verdict.frames.map((frame) => readFile(path.join(verdict.folder, frame.name))));
      frameCount = frames.length;
      const t1 = performance.now();
      detections = await detectAll(detector, frames);
      detectMs.push(performance.now() - t1);
      await rm(verdict.folder, { recursive: true, force: true });
    }
    await detector.close();

    // The same clip through one `select` pass (every frame decoded), as for a clip without a duration.
    const selectDir = path.join(dir, 'select');
    mkdirSync(selectDir, { recursive: true });
    const t2 = performance.now();
    const bySelect = await ports.extractor.extract(path.join(dir, 'cam', `clip-${ROUNDS - 1}.mp4`), selectDir, ports.sampling, null);
    const selectMs = performance.now() - t2;
    if (!bySelect.ok) throw new Error(`select extraction failed: ${bySelect.detail}`);

    const extract = summarizeLatencies(extractMs);
    const detect = summarizeLatencies(detectMs);
    writeBenchResult('video', {
      clip: `${SECONDS} s, 1920x1080, H.264 yuv420p, ${FPS} fps, ${Math.round(clip.bytes.length / 1024)} KiB`,
      ffmpeg: binaries.ffmpeg,
      sampling: 'first frame + one every 4 s, at most 20',
      frames_per_clip: frameCount,
      detections_per_clip: detections,
      rounds: ROUNDS,
      load_average: loadavg().map((v) => Math.round(v * 100) / 100),
      cpus: cpus().length,
      clip_generation_seconds: seconds(generateMs),
      extract_seconds_per_clip: { p50: seconds(extract.p50_ms), max: seconds(Math.max(...extractMs)) },
      frames_extracted_per_second: rate(frameCount, extract.p50_ms),
      clip_seconds_decoded_per_second: Math.round((SECONDS / (extract.p50_ms / 1000)) * 10) / 10,
      detect_seconds_per_clip: { p50: seconds(detect.p50_ms), max: seconds(Math.max(...detectMs)) },
      frames_analysed_per_second: rate(frameCount, detect.p50_ms),
      frames_extracted_and_analysed_per_second: rate(frameCount, extract.p50_ms + detect.p50_ms),
      select_pass_extract_seconds: seconds(selectMs),
      select_pass_frames_per_second: rate(bySelect.frames.length, selectMs),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

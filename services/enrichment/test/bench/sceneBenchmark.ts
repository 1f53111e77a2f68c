import { performance } from 'node:perf_hooks';
import { renderCoveredView, renderSceneView, summarizeLatencies, writeBenchResult } from '@secpipe/testing';
import { classifySceneChange } from '../../src/scene/sceneClassifier';
import { decodeSceneFrame, type SceneFrame } from '../../src/scene/sceneFrame';
import { structuralSimilarity } from '../../src/scene/sceneSimilarity';

const FRAMES = 120;
const grey = (frame: SceneFrame) => ({ data: frame.normalised, width: frame.width, height: frame.height });

/** Milliseconds of each call of `work` over `inputs`, in order. */
async function timeEach<T>(inputs: T[], work: (input: T) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await work(input);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Cost of the scene check per frame, for 1080p JPEGs: decode to 640 px grey (sharp), SSIM
 * against the reference (ssim.js), and the shift search that only runs to classify a frame
 * below the threshold. Results: bench-results/scene.json.
 */
export async function runSceneBenchmark(): Promise<void> {
  const size = { width: 1920, height: 1080 };
  const reference = await decodeSceneFrame(await renderSceneView(size));
  const shots = await Promise.all(Array.from({ length: FRAMES }, (_, i) => renderSceneView({ ...size, noiseSeed: i + 1, brightness: 1 - i / (FRAMES * 2) })));
  const changed = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? renderCoveredView(size.width, size.height, i) : renderSceneView({ ...size, panX: 200, noiseSeed: i }))));
  // Warm-up: the first sharp and ssim.js calls pay for lazy initialisation.
  for (const bytes of shots.slice(0, 5)) structuralSimilarity(grey(reference), grey(await decodeSceneFrame(bytes)));

  const decode = await timeEach(shots, (bytes) => decodeSceneFrame(bytes));
  const frames = await Promise.all(shots.map((bytes) => decodeSceneFrame(bytes)));
  const ssim = await timeEach(frames, (frame) => structuralSimilarity(grey(reference), grey(frame)));
  const changedFrames = await Promise.all(changed.map((bytes) => decodeSceneFrame(bytes)));
  const classify = await timeEach(changedFrames, (frame) => classifySceneChange(grey(reference), frame, 0.5));
  const perFrame = decode.map((ms, i) => ms + ssim[i]);

  writeBenchResult('scene', {
    input: '1920x1080 JPEG, compared at 640x360 grey',
    frames: FRAMES,
    decode_ms: summarizeLatencies(decode),
    ssim_ms: summarizeLatencies(ssim),
    decode_plus_ssim_ms: summarizeLatencies(perFrame),
    classify_changed_frame_ms: summarizeLatencies(classify),
  });
}

import { renderCoveredView, renderSceneView } from '@secpipe/testing';
import { classifySceneChange } from './sceneClassifier';
import { decodeSceneFrame, type SceneFrame } from './sceneFrame';
import { structuralSimilarity } from './sceneSimilarity';

const WIDTH = 1280;
const HEIGHT = 720;
// The rules do not depend on the width; 320 keeps SSIM affordable inside jest's vm context (the
// service compares at 640, see sceneFrame.ts).
const SAMPLE_WIDTH = 320;
const decode = (bytes: Buffer) => decodeSceneFrame(bytes, SAMPLE_WIDTH);
const grey = (frame: SceneFrame) => ({ data: frame.normalised, width: frame.width, height: frame.height });

describe('scene change classifier', () => {
  let reference: SceneFrame;
  beforeAll(async () => {
    reference = await decode(await renderSceneView({ width: WIDTH, height: HEIGHT }));
  });

  async function classify(bytes: Buffer) {
    const frame = await decode(bytes);
    const similarity = structuralSimilarity(grey(reference), grey(frame));
    return { similarity, ...classifySceneChange(grey(reference), frame, similarity) };
  }

  it('decodes to 640 px wide grey by default', async () => {
    const frame = await decodeSceneFrame(await renderSceneView({ width: WIDTH, height: HEIGHT }));
    expect([frame.width, frame.height, frame.normalised.length]).toEqual([640, 360, 640 * 360]);
  });

  it('calls a black frame view_blocked', async () => {
    const result = await classify(await renderCoveredView(WIDTH, HEIGHT));
    expect(result.similarity).toBeLessThan(0.9);
    expect(result.kind).toBe('view_blocked');
  });

  it('calls a uniform bright frame view_blocked (tape, a hand)', async () => {
    const frame = await decode(await renderSceneView({ width: WIDTH, height: HEIGHT, brightness: 0 }));
    const lit = { ...frame, mean: 200 };
    expect(classifySceneChange(grey(reference), lit, 0.2).kind).toBe('view_blocked');
  });

  it.each([
    ['right and down', 160, 40],
    ['left', -250, 0],
  ])('calls the same scene moved %s angle_changed, with the shift found', async (_label, panX, panY) => {
    const result = await classify(await renderSceneView({ width: WIDTH, height: HEIGHT, panX, panY }));
    expect(result.similarity).toBeLessThan(0.9);
    expect(result.kind).toBe('angle_changed');
    // The search moves in 1/16 of each side: the shift found is within one step of the pan.
    const scale = SAMPLE_WIDTH / WIDTH;
    expect(Math.abs(Math.abs(result.shifted!.dx) - Math.abs(panX) * scale)).toBeLessThanOrEqual(SAMPLE_WIDTH / 16);
    expect(Math.abs(Math.abs(result.shifted!.dy) - Math.abs(panY) * scale)).toBeLessThanOrEqual((HEIGHT * scale) / 16);
  });

  it('calls a different scene view_tampered', async () => {
    const result = await classify(await renderSceneView({ width: WIDTH, height: HEIGHT, seed: 99 }));
    expect(result.similarity).toBeLessThan(0.9);
    expect(result.kind).toBe('view_tampered');
  });

  it('does not let something passing through a sixth of the view lower the similarity below 0.9', () => {
    const passing = Uint8Array.from(reference.normalised);
    // A flat "truck" over the lower left: 40 % of the width, 40 % of the height.
    const [w, h] = [Math.round(reference.width * 0.4), Math.round(reference.height * 0.4)];
    for (let y = reference.height - h; y < reference.height; y++) passing.fill(200, y * reference.width, y * reference.width + w);
    expect(structuralSimilarity(grey(reference), { ...grey(reference), data: passing })).toBeGreaterThan(0.9);
  });

  it('finds a darker view of the same scene as similar as the scene itself (brightness is normalised away)', async () => {
    const dusk = await classify(await renderSceneView({ width: WIDTH, height: HEIGHT, brightness: 0.35 }));
    expect(dusk.similarity).toBeGreaterThan(0.97);
  });
});

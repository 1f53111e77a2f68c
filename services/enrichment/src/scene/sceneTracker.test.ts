import type { SceneClassification } from './sceneClassifier';
import type { SceneFrame } from './sceneFrame';
import { trackScene, type SceneMeasure, type SceneState } from './sceneTracker';

/**
 * Frames as one-pixel "views" whose similarity the fake measure reads from a table, so the
 * counting rules are tested apart from SSIM: a view named 1 matches view 1 fully, others not.
 */
const view = (id: number): SceneFrame => ({ width: 1, height: 1, mean: 100, spread: 40, normalised: Uint8Array.of(id) });
const measure: SceneMeasure = {
  similarity: (a, b) => (a.data[0] === b.data[0] ? 1 : 0.4),
  classify: (): SceneClassification => ({ kind: 'view_tampered' }),
};
const settings = { threshold: 0.9, frames: 2 };

function run(frames: number[], start: SceneState | null = null, frameSettings = settings) {
  let state = start;
  const outcomes: string[] = [];
  frames.forEach((id, i) => {
    const step = trackScene(state, view(id), 1000 * (i + 1), frameSettings, measure);
    outcomes.push(step.outcome.type);
    state = step.state ?? state;
  });
  return { state, outcomes };
}

describe('trackScene', () => {
  it('takes the first frame as the reference and counts matching frames as matches', () => {
    expect(run([1, 1, 1]).outcomes).toEqual(['reference_set', 'match', 'match']);
  });

  it('records one change after `frames` changed frames in a row, then treats the new view as normal', () => {
    expect(run([1, 2, 2, 2, 2]).outcomes).toEqual(['reference_set', 'changing', 'changed', 'match', 'match']);
  });

  it('resets the count when a matching frame comes between two changed ones', () => {
    expect(run([1, 2, 1, 2, 1]).outcomes).toEqual(['reference_set', 'changing', 'match', 'changing', 'match']);
  });

  it('honours the frame count setting', () => {
    expect(run([1, 2, 2, 2], null, { threshold: 0.9, frames: 3 }).outcomes).toEqual(['reference_set', 'changing', 'changing', 'changed']);
    expect(run([1, 2], null, { threshold: 0.9, frames: 1 }).outcomes).toEqual(['reference_set', 'changed']);
  });

  it('restores the earlier view silently when the camera is uncovered or turned back', () => {
    const { outcomes, state } = run([1, 2, 2, 1, 1]);
    expect(outcomes).toEqual(['reference_set', 'changing', 'changed', 'view_restored', 'match']);
    expect(state?.previous).toBeNull();
  });

  it('raises a second change when the view changes again to something new', () => {
    expect(run([1, 2, 2, 3, 3]).outcomes).toEqual(['reference_set', 'changing', 'changed', 'changing', 'changed']);
  });

  it('skips a frame captured before the newest one compared (redelivery or late upload)', () => {
    const first = trackScene(null, view(1), 5000, settings, measure);
    const late = trackScene(first.state, view(2), 4000, settings, measure);
    expect(late).toEqual({ state: null, outcome: { type: 'out_of_order' } });
    expect(trackScene(first.state, view(2), 5000, settings, measure).outcome.type).toBe('out_of_order');
  });

  it('starts over with a new reference when the frame size changes', () => {
    const first = trackScene(null, view(1), 1000, settings, measure);
    const wider = { ...view(2), width: 2, normalised: Uint8Array.of(2, 2) };
    expect(trackScene(first.state, wider, 2000, settings, measure).outcome.type).toBe('reference_set');
  });

  it('blends matching frames slowly into the reference', () => {
    const first = trackScene(null, { ...view(100) }, 1000, settings, measure);
    const loose: SceneMeasure = { ...measure, similarity: () => 0.95 };
    const next = trackScene(first.state, view(200), 2000, settings, loose);
    expect(next.state?.reference[0]).toBe(120);
  });
});

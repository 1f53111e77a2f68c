import { classifySceneChange, type SceneClassification } from './sceneClassifier';
import type { SceneFrame } from './sceneFrame';
import { structuralSimilarity, type GreyImage } from './sceneSimilarity';

// Hot loops touch no globals: inside jest's vm context every global lookup (even `Math`) is slow.
const round = Math.round;

/** What the scene check remembers per camera between frames (kept in Redis, see sceneStateStore). */
export interface SceneState {
  width: number;
  height: number;
  /** Normalised grey reference view, adapted slowly from frames that match it. */
  reference: Uint8Array;
  /** The view before the last recorded change: a frame matching it again restores it silently. */
  previous: Uint8Array | null;
  /** Captured time (ms) of the newest frame compared; older frames are skipped. */
  lastCapturedMs: number;
  /** Changed frames in a row so far. */
  changedFrames: number;
}

export interface SceneSettings {
  threshold: number;
  frames: number;
}

export type SceneOutcome =
  | { type: 'reference_set' }
  | { type: 'out_of_order' }
  | { type: 'match'; similarity: number }
  | { type: 'view_restored'; similarity: number }
  | { type: 'changing'; similarity: number; changedFrames: number }
  | { type: 'changed'; similarity: number; classification: SceneClassification };

/** How SSIM and the kind are worked out; unit tests of the frame counting replace it. */
export interface SceneMeasure {
  similarity(a: GreyImage, b: GreyImage): number;
  classify(reference: GreyImage, frame: SceneFrame, similarity: number): SceneClassification;
}

export const ssimMeasure: SceneMeasure = { similarity: structuralSimilarity, classify: classifySceneChange };

/** Weight of a matching frame in the reference: slow enough that one odd frame barely moves it. */
export const REFERENCE_BLEND = 0.2;

/**
 * One frame against the camera's state, in captured order. A frame below the threshold counts;
 * `frames` of them in a row record one change, after which the changed view becomes the reference
 * (so the same change is not raised for every later frame) and the old view is kept as `previous`
 * (a camera uncovered or turned back restores it without a new change). A matching frame resets
 * the count and is blended into the reference, which is how dusk and weather are followed.
 */
export function trackScene(state: SceneState | null, frame: SceneFrame, capturedMs: number, settings: SceneSettings, measure: SceneMeasure = ssimMeasure): { state: SceneState | null; outcome: SceneOutcome } {
  if (!state || state.width !== frame.width || state.height !== frame.height) return { state: freshState(frame, capturedMs), outcome: { type: 'reference_set' } };
  if (capturedMs <= state.lastCapturedMs) return { state: null, outcome: { type: 'out_of_order' } };
  const image = { data: frame.normalised, width: frame.width, height: frame.height };
  const reference = { data: state.reference, width: state.width, height: state.height };
  const similarity = measure.similarity(reference, image);
  const next = { ...state, lastCapturedMs: capturedMs };
  if (similarity >= settings.threshold) {
    return { state: { ...next, reference: blend(state.reference, frame.normalised), changedFrames: 0 }, outcome: { type: 'match', similarity } };
  }
  if (state.previous) {
    const restored = measure.similarity({ ...reference, data: state.previous }, image);
    if (restored >= settings.threshold) {
      return { state: { ...next, reference: blend(state.previous, frame.normalised), previous: null, changedFrames: 0 }, outcome: { type: 'view_restored', similarity: restored } };
    }
  }
  const changedFrames = state.changedFrames + 1;
  if (changedFrames < settings.frames) return { state: { ...next, changedFrames }, outcome: { type: 'changing', similarity, changedFrames } };
  // Classified against the last good view, so a covered camera later turned still reads as turned.
  const goodView = state.previous ?? state.reference;
  const classification = measure.classify({ ...reference, data: goodView }, frame, similarity);
  return {
    state: { ...next, reference: frame.normalised, previous: goodView, changedFrames: 0 },
    outcome: { type: 'changed', similarity, classification },
  };
}

function freshState(frame: SceneFrame, capturedMs: number): SceneState {
  return { width: frame.width, height: frame.height, reference: frame.normalised, previous: null, lastCapturedMs: capturedMs, changedFrames: 0 };
}

function blend(reference: Uint8Array, frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(reference.length);
  for (let i = 0; i < reference.length; i++) out[i] = round(reference[i] * (1 - REFERENCE_BLEND) + frame[i] * REFERENCE_BLEND);
  return out;
}

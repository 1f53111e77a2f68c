import type { SceneFrame } from './sceneFrame';
import { bestShiftedMatch, type GreyImage } from './sceneSimilarity';

export const SCENE_CHANGE_KINDS = ['view_blocked', 'angle_changed', 'view_tampered'] as const;
export type SceneChangeKind = (typeof SCENE_CHANGE_KINDS)[number];

/** Mean grey level below which the view counts as dark (covered lens, sprayed, unplugged IR). */
export const BLOCKED_MAX_MEAN = 30;
/** Grey spread below which the view counts as uniform (a hand, tape, a bag over the camera). */
export const BLOCKED_MAX_SPREAD = 12;
/** A shifted reference matching at least this well means the same scene, displaced. */
export const ANGLE_MIN_SHIFTED_SIMILARITY = 0.6;
/** ... and it must beat the unshifted comparison by this much (a static scene is not "turned"). */
export const ANGLE_MIN_GAIN = 0.15;

export interface SceneClassification {
  kind: SceneChangeKind;
  /** Best match over small shifts, when the shift search ran. */
  shifted?: { dx: number; dy: number; similarity: number };
}

/**
 * Why a frame no longer matches its reference: a dark or uniform frame is `view_blocked`; the
 * reference's structure found again under a small shift is `angle_changed`; anything else (a
 * different scene, smeared lens, heavy obstruction with texture) is `view_tampered`.
 */
export function classifySceneChange(reference: GreyImage, frame: SceneFrame, similarity: number): SceneClassification {
  if (frame.mean < BLOCKED_MAX_MEAN || frame.spread < BLOCKED_MAX_SPREAD) return { kind: 'view_blocked' };
  const shifted = bestShiftedMatch(reference, { data: frame.normalised, width: frame.width, height: frame.height });
  const moved = shifted.dx !== 0 || shifted.dy !== 0;
  if (moved && shifted.similarity >= ANGLE_MIN_SHIFTED_SIMILARITY && shifted.similarity - similarity >= ANGLE_MIN_GAIN) return { kind: 'angle_changed', shifted };
  return { kind: 'view_tampered', shifted };
}

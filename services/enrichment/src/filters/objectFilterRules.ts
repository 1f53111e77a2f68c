import type { ObjectFilterRule } from '@secpipe/core';
import { footPoint, pointInPolygon } from '../zones/zoneGeometry';

export interface FilterSubject {
  box: { x: number; y: number; width: number; height: number };
  confidence: number;
}

const fixed = (n: number) => Number(n.toFixed(4));

/** Why a detection fails its class's rule (empty = it passes). */
export function filterReasons(rule: ObjectFilterRule, subject: FilterSubject, frame: { width: number; height: number }): string[] {
  const { box, confidence } = subject;
  const reasons: string[] = [];
  const area = (box.width * box.height) / (frame.width * frame.height);
  const aspect = box.height > 0 ? box.width / box.height : Number.POSITIVE_INFINITY;
  if (rule.min_area !== undefined && area < rule.min_area) reasons.push(`area ${fixed(area)} below min_area ${rule.min_area}`);
  if (rule.max_area !== undefined && area > rule.max_area) reasons.push(`area ${fixed(area)} above max_area ${rule.max_area}`);
  if (rule.min_aspect !== undefined && aspect < rule.min_aspect) reasons.push(`aspect ${fixed(aspect)} below min_aspect ${rule.min_aspect}`);
  if (rule.max_aspect !== undefined && aspect > rule.max_aspect) reasons.push(`aspect ${fixed(aspect)} above max_aspect ${rule.max_aspect}`);
  if (rule.min_score !== undefined && confidence < rule.min_score) reasons.push(`score ${fixed(confidence)} below min_score ${rule.min_score}`);
  const foot = footPoint(box, frame);
  const mask = (rule.masks ?? []).findIndex((polygon) => pointInPolygon(foot, polygon));
  if (mask >= 0) reasons.push(`inside mask ${mask}`);
  return reasons;
}

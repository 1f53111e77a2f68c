export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Intersection over union of two boxes, 0..1. */
export function iou(a: Box, b: Box): number {
  const left = Math.max(a.x, b.x);
  const top = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, right - left) * Math.max(0, bottom - top);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export interface Sighting {
  seenAt: Date;
  box: Box;
}

/**
 * How long an object has been in place: walking back from `now` through the same-class
 * sightings that overlap `box`, while no gap exceeds `maxGapMs`. Returns the seconds from the
 * earliest sighting of that unbroken run to `now` (0 when there is none).
 */
export function continuousPresenceSeconds(box: Box, now: Date, sightings: Sighting[], minIou: number, maxGapMs: number): number {
  const matching = sightings
    .filter((s) => s.seenAt.getTime() <= now.getTime() && iou(box, s.box) >= minIou)
    .sort((a, b) => b.seenAt.getTime() - a.seenAt.getTime());
  let earliest = now.getTime();
  for (const sighting of matching) {
    if (earliest - sighting.seenAt.getTime() > maxGapMs) break;
    earliest = sighting.seenAt.getTime();
  }
  return (now.getTime() - earliest) / 1000;
}

export type Point = readonly [number, number];

export interface ZoneShapeInput {
  shape: 'rectangle' | 'polygon';
  /** [[x, y], ...] normalised to 0..1 of the image. */
  coordinates: Point[];
}

/** Where an object stands: the bottom-centre of its box, normalised to 0..1 of the image. */
export function footPoint(box: { x: number; y: number; width: number; height: number }, image: { width: number; height: number }): Point {
  return [(box.x + box.width / 2) / image.width, (box.y + box.height) / image.height];
}

const EPSILON = 1e-9;

function onSegment(p: Point, a: Point, b: Point): boolean {
  const cross = (p[0] - a[0]) * (b[1] - a[1]) - (p[1] - a[1]) * (b[0] - a[0]);
  if (Math.abs(cross) > EPSILON) return false;
  return p[0] >= Math.min(a[0], b[0]) - EPSILON && p[0] <= Math.max(a[0], b[0]) + EPSILON && p[1] >= Math.min(a[1], b[1]) - EPSILON && p[1] <= Math.max(a[1], b[1]) + EPSILON;
}

/** Even-odd ray casting; a point on an edge or vertex counts as inside (concave polygons work). */
export function pointInPolygon(point: Point, polygon: Point[]): boolean {
  if (polygon.length < 3) return false;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (onSegment(point, a, b)) return true;
    const crosses = a[1] > point[1] !== b[1] > point[1] && point[0] < ((b[0] - a[0]) * (point[1] - a[1])) / (b[1] - a[1]) + a[0];
    if (crosses) inside = !inside;
  }
  return inside;
}

/** A rectangle is the bounding box of its points (two corners or four), edges included. */
export function pointInRectangle(point: Point, corners: Point[]): boolean {
  if (corners.length < 2) return false;
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return point[0] >= Math.min(...xs) && point[0] <= Math.max(...xs) && point[1] >= Math.min(...ys) && point[1] <= Math.max(...ys);
}

export function zoneContains(zone: ZoneShapeInput, point: Point): boolean {
  return zone.shape === 'rectangle' ? pointInRectangle(point, zone.coordinates) : pointInPolygon(point, zone.coordinates);
}

/** Reads stored coordinates leniently: anything but a list of number pairs is no shape. */
export function readCoordinates(value: unknown): Point[] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is [number, number] => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number').map((p) => [p[0], p[1]] as const);
}

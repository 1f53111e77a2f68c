import { footPoint, pointInPolygon, pointInRectangle, readCoordinates, zoneContains, type Point } from './zoneGeometry';

// A "U" shape: the notch between the arms (x 0.4..0.6, y 0..0.6) is outside.
const U: Point[] = [
  [0.1, 0.1],
  [0.4, 0.1],
  [0.4, 0.6],
  [0.6, 0.6],
  [0.6, 0.1],
  [0.9, 0.1],
  [0.9, 0.9],
  [0.1, 0.9],
];

describe('zone geometry', () => {
  it('uses the bottom-centre of the box, normalised', () => {
    expect(footPoint({ x: 100, y: 200, width: 200, height: 300 }, { width: 1000, height: 1000 })).toEqual([0.2, 0.5]);
  });

  it('tells the arms of a concave polygon from its notch', () => {
    expect(pointInPolygon([0.2, 0.3], U)).toBe(true);
    expect(pointInPolygon([0.8, 0.3], U)).toBe(true);
    expect(pointInPolygon([0.5, 0.3], U)).toBe(false);
    expect(pointInPolygon([0.5, 0.8], U)).toBe(true);
    expect(pointInPolygon([0.95, 0.5], U)).toBe(false);
  });

  it('counts points on edges and vertices as inside', () => {
    expect(pointInPolygon([0.5, 0.6], U)).toBe(true);
    expect(pointInPolygon([0.4, 0.3], U)).toBe(true);
    expect(pointInPolygon([0.9, 0.9], U)).toBe(true);
    expect(pointInPolygon([0.5, 0.9], U)).toBe(true);
    expect(pointInPolygon([0.5, 0.9000001], U)).toBe(false);
  });

  it('reads a rectangle from two or four corners', () => {
    expect(pointInRectangle([0.3, 0.3], [[0.5, 0.5], [0.1, 0.1]])).toBe(true);
    expect(pointInRectangle([0.5, 0.1], [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]])).toBe(true);
    expect(pointInRectangle([0.51, 0.3], [[0.1, 0.1], [0.5, 0.5]])).toBe(false);
    expect(zoneContains({ shape: 'rectangle', coordinates: [[0, 0], [1, 1]] }, [1, 1])).toBe(true);
  });

  it('treats malformed stored coordinates as no shape', () => {
    expect(readCoordinates('nope')).toEqual([]);
    expect(readCoordinates([[0.1, 0.2], ['x', 1], [0.3]])).toEqual([[0.1, 0.2]]);
    expect(zoneContains({ shape: 'polygon', coordinates: [[0, 0], [1, 1]] }, [0.5, 0.5])).toBe(false);
  });
});

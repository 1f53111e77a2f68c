import { keepDetections, minimumConfidence, type DetectedObject, type DetectionPolicy } from './detectionPolicy';

const policy: DetectionPolicy = {
  classes: new Set(['person', 'car', 'dog']),
  threshold: 0.5,
  classThresholds: { car: 0.7 },
  cameraThresholds: { front_door: 0.6, 'driveway:person': 0.85 },
};

const found = (className: string, confidence: number): DetectedObject => ({ className, confidence, bbox: { x: 0, y: 0, width: 10, height: 10 } });

describe('detection policy', () => {
  it('keeps only security classes at or above the global threshold', () => {
    const kept = keepDetections([found('person', 0.5), found('person', 0.49), found('chair', 0.99)], policy);
    expect(kept).toEqual([found('person', 0.5)]);
  });

  it('applies per-class minimums on top of the threshold', () => {
    expect(keepDetections([found('car', 0.69), found('car', 0.7)], policy)).toEqual([found('car', 0.7)]);
  });

  it('applies per-camera minimums only to that camera', () => {
    const candidates = [found('person', 0.55), found('dog', 0.65)];
    expect(keepDetections(candidates, policy, 'front_door')).toEqual([found('dog', 0.65)]);
    expect(keepDetections(candidates, policy, 'back_yard')).toEqual(candidates);
  });

  it('applies a camera:class minimum to that class on that camera only', () => {
    expect(minimumConfidence(policy, 'person', 'driveway')).toBe(0.85);
    expect(minimumConfidence(policy, 'dog', 'driveway')).toBe(0.5);
    expect(keepDetections([found('person', 0.8), found('dog', 0.8)], policy, 'driveway')).toEqual([found('dog', 0.8)]);
  });

  it('never lowers the bar below the global threshold', () => {
    expect(minimumConfidence({ ...policy, classThresholds: { car: 0.1 } }, 'car')).toBe(0.5);
  });

  it('drops boxes that collapsed to nothing after clipping', () => {
    expect(keepDetections([{ ...found('person', 0.9), bbox: { x: 5, y: 5, width: 0, height: 8 } }], policy)).toEqual([]);
  });
});

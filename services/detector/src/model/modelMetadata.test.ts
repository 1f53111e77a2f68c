import { buildFixtureModel } from '@secpipe/testing';
import { COCO_CLASSES } from './cocoClasses';
import { classNamesFrom, readModelMetadata } from './modelMetadata';

describe('model metadata', () => {
  it('reads metadata_props and the producer from model bytes without decoding the graph', () => {
    const bytes = buildFixtureModel({ family: 'yolo', width: 32, height: 32, metadata: { names: "{0: 'intruder', 1: 'van'}", stride: '32' } });
    expect(readModelMetadata(bytes)).toEqual({ producer: 'secpipe-fixture', properties: { names: "{0: 'intruder', 1: 'van'}", stride: '32' } });
  });

  it('returns nothing for bytes that are not a model', () => {
    expect(readModelMetadata(Buffer.from('not a model at all'))).toEqual({ producer: '', properties: {} });
  });

  it('parses Ultralytics names (a Python dict literal)', () => {
    expect(classNamesFrom({ names: `{0: 'person', 1: "traffic light", 2: 'car'}` })).toEqual({ names: ['person', 'traffic light', 'car'], source: 'metadata' });
  });

  it('parses a JSON array of names', () => {
    expect(classNamesFrom({ names: '["a","b"]' }).names).toEqual(['a', 'b']);
  });

  it('falls back to COCO-80 without usable metadata', () => {
    expect(classNamesFrom({})).toEqual({ names: COCO_CLASSES, source: 'coco80' });
    expect(classNamesFrom({ names: 'garbage' }).source).toBe('coco80');
    expect(COCO_CLASSES).toHaveLength(80);
    expect([COCO_CLASSES[0], COCO_CLASSES[2], COCO_CLASSES[16]]).toEqual(['person', 'car', 'dog']);
  });
});

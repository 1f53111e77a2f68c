import { WatermarkTracker } from './watermarkTracker';

describe('WatermarkTracker', () => {
  it('has no watermark before anything is handled', () => {
    const tracker = new WatermarkTracker();
    tracker.begin('porch', '/a.jpg', 1000);
    expect(tracker.safeWatermark('porch')).toBeUndefined();
    expect(tracker.safeWatermark('nobody')).toBeUndefined();
  });

  it('moves to the newest handled mtime, rounded down to whole milliseconds', () => {
    const tracker = new WatermarkTracker();
    tracker.begin('porch', '/a.jpg', 1000.4);
    tracker.begin('porch', '/b.jpg', 2000.7);
    tracker.finish('porch', '/b.jpg', 2000.7);
    tracker.finish('porch', '/a.jpg', 1000.4);
    expect(tracker.safeWatermark('porch')).toBe(2000);
  });

  it('stays below an upload still in flight, even an older one', () => {
    const tracker = new WatermarkTracker();
    tracker.begin('porch', '/old.jpg', 1000);
    tracker.begin('porch', '/new.jpg', 3000);
    tracker.finish('porch', '/new.jpg', 3000);
    expect(tracker.safeWatermark('porch')).toBe(999);
    tracker.finish('porch', '/old.jpg', 1000);
    expect(tracker.safeWatermark('porch')).toBe(3000);
  });

  it('is held back entirely by an upload whose mtime is not known yet, and follows observed mtimes', () => {
    const tracker = new WatermarkTracker();
    tracker.begin('porch', '/a.jpg', 1000);
    tracker.finish('porch', '/a.jpg', 1000);
    tracker.begin('porch', '/b.jpg');
    expect(tracker.safeWatermark('porch')).toBeUndefined();
    tracker.observe('porch', '/b.jpg', 5000);
    expect(tracker.safeWatermark('porch')).toBe(1000);
  });

  it('keeps cameras apart and ignores vanished files', () => {
    const tracker = new WatermarkTracker();
    tracker.begin('porch', '/a.jpg', 1000);
    tracker.finish('porch', '/a.jpg', 1000);
    tracker.begin('garage', '/g.jpg', 50);
    tracker.finish('garage', '/g.jpg');
    expect(tracker.safeWatermark('porch')).toBe(1000);
    expect(tracker.safeWatermark('garage')).toBeUndefined();
    expect(tracker.cameraIds().sort()).toEqual(['garage', 'porch']);
  });
});

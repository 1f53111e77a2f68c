import type { Heartbeat } from '@secpipe/core';
import { gpuFigures } from './gpuFigures';
import { GpuHistory } from './gpuHistory';

const beat = (details: Record<string, unknown>, at = '2026-12-02T10:00:05.000Z'): Heartbeat => ({
  service: 'detector',
  version: 'test',
  status: 'healthy',
  pid: 1,
  started_at: '2026-12-02T09:00:00.000Z',
  updated_at: at,
  breakers: {},
  details,
});

describe('GPU figures from the detector heartbeat', () => {
  it('is null without a heartbeat and null per figure the detector does not report', () => {
    expect(gpuFigures(null)).toBeNull();
    expect(gpuFigures(beat({ provider: 'cpu' }))).toEqual({ provider: 'cpu', utilization: null, memory_used: null, memory_total: null, temperature: null, inference_fps: null });
  });

  it('prefers a reported frame rate, else derives it from the image counter', () => {
    expect(gpuFigures(beat({ inference_fps: 31.5, images: 10 }), { images: 0, at: Date.parse('2026-12-02T10:00:00.000Z') })?.inference_fps).toBe(31.5);
    expect(gpuFigures(beat({ images: 60 }), { images: 10, at: Date.parse('2026-12-02T10:00:00.000Z') })?.inference_fps).toBe(10);
    // A restarted detector counts from zero again: no negative rate.
    expect(gpuFigures(beat({ images: 5 }), { images: 10, at: Date.parse('2026-12-02T10:00:00.000Z') })?.inference_fps).toBeNull();
  });

  it('keeps one hour of samples', () => {
    const history = new GpuHistory();
    history.record(beat({ provider: 'cuda', images: 1 }, '2026-12-02T08:00:00.000Z'), new Date('2026-12-02T08:00:00.000Z'));
    history.record(beat({ provider: 'cuda', images: 2 }, '2026-12-02T09:30:00.000Z'), new Date('2026-12-02T09:30:00.000Z'));
    history.record(beat({ provider: 'cuda', images: 3 }, '2026-12-02T09:30:05.000Z'), new Date('2026-12-02T09:30:05.000Z'));
    expect(history.list().map((sample) => sample.timestamp)).toEqual(['2026-12-02T09:30:00.000Z', '2026-12-02T09:30:05.000Z']);
    expect(history.latest()?.inference_fps).toBe(0.2);
  });
});

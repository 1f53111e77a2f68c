import { useIntegrationContext } from '@secpipe/testing';
import { RedisBatchStore } from '../src/batching/batchStore';

const ctx = useIntegrationContext('enrichment-batch-store', { database: false });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisBatchStore', () => {
  it('keeps the limits a batch opened with: a settings change applies to the next batch', async () => {
    const store = new RedisBatchStore(ctx.redis, ctx.prefix);
    await store.append('cam_a', 'cam_a_first', { windowMs: 60_000, idleMs: 60_000, maxDetections: 100 }, 'c1', [1]);
    // The operator shortens the idle timeout; the open batch keeps its own.
    const shorter = { windowMs: 60_000, idleMs: 150, maxDetections: 100 };
    const second = await store.append('cam_a', 'cam_a_second', shorter, 'c2', [2]);
    expect(second.added.get(2)).toBe('cam_a_first');
    await store.append('cam_b', 'cam_b_first', shorter, 'c3', [3]);
    await pause(300);
    const due = await store.dueBatchIds(Date.now());
    expect(due).toEqual(['cam_b_first']);
    expect(await store.closeIfDue('cam_a_first')).toBeNull();
    expect(await store.closeIfDue('cam_b_first')).toBe('idle');
    expect(await store.closeIfDue('cam_b_first')).toBeNull();
    expect(await store.read('cam_b_first')).toMatchObject({ cameraId: 'cam_b', detectionIds: [3], reason: 'idle', fastPath: false, correlationId: 'c3' });
  });

  it('splits one image larger than the maximum into full batches', async () => {
    const store = new RedisBatchStore(ctx.redis, ctx.prefix);
    const result = await store.append('cam_c', 'cam_c_x', { windowMs: 60_000, idleMs: 60_000, maxDetections: 2 }, 'c', [10, 11, 12, 13, 14]);
    expect(result.closed).toEqual([
      { batchId: 'cam_c_x', reason: 'max_size' },
      { batchId: 'cam_c_x_2', reason: 'max_size' },
    ]);
    expect([...result.added]).toEqual([
      [10, 'cam_c_x'],
      [11, 'cam_c_x'],
      [12, 'cam_c_x_2'],
      [13, 'cam_c_x_2'],
      [14, 'cam_c_x_3'],
    ]);
  });

  it('a detection claimed by one batch is claimed by no other', async () => {
    const store = new RedisBatchStore(ctx.redis, ctx.prefix);
    await store.append('cam_d', 'cam_d_open', { windowMs: 60_000, idleMs: 60_000, maxDetections: 100 }, 'c', [20]);
    expect(await store.closeNow('cam_d', 'recovered_cam_d', 'timeout', false, 'r', [20, 21])).toEqual([21]);
    expect(await store.closeNow('cam_d', 'recovered_cam_d_again', 'timeout', false, 'r', [20, 21])).toEqual([]);
    expect(await store.read('recovered_cam_d_again')).toBeNull();
    expect(await store.assignedBatch(20)).toBe('cam_d_open');
  });
});

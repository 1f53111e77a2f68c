import { PayloadValidationError } from '../resilience/errors';
import { entryForDlqName, QUEUE_NAMES, queueCatalog } from './catalog';
import { validatePayload } from './validatePayload';

const hash = 'a'.repeat(64);
const detection = {
  v: 1,
  camera_id: 'front_door',
  file_path: '/data/cameras/Front Door/snap.jpg',
  file_hash: hash,
  media_type: 'image' as const,
  captured_at: '2026-11-25T10:00:00.000Z',
  received_at: '2026-11-25T10:00:00.120Z',
  correlation_id: 'c-1',
};

describe('queue catalog', () => {
  it('names the four pipeline queues, each with its dead-letter name', () => {
    expect(QUEUE_NAMES).toEqual(['detection', 'enrichment', 'analysis', 'notification', 'scene_check', 'scene_alert']);
    expect(entryForDlqName('analysis_queue')?.name).toBe('analysis');
    expect(entryForDlqName('nope')).toBeUndefined();
  });

  it('takes a dead worker’s jobs back within 15 s and renews locks at half their length', () => {
    for (const name of QUEUE_NAMES) {
      const { lockDurationMs, lockRenewTimeMs, stalledIntervalMs } = queueCatalog[name].lock;
      expect(lockRenewTimeMs).toBe(lockDurationMs / 2);
      // Worst case: the lock expires, then one check marks the job and the next one moves it.
      expect(lockDurationMs + 2 * stalledIntervalMs).toBeLessThanOrEqual(20_000);
    }
    expect(queueCatalog.detection.lock.lockDurationMs + queueCatalog.detection.lock.stalledIntervalMs).toBeLessThanOrEqual(12_000);
    // A notification redone may be delivered twice: only one stall is redone.
    expect(queueCatalog.notification.lock.maxStalledCount).toBe(1);
  });

  it('derives job ids from content, so the same upload maps to the same job', () => {
    expect(queueCatalog.detection.jobId(detection)).toBe(`det-front_door-${hash}`);
    expect(queueCatalog.detection.jobId({ ...detection, received_at: '2026-11-25T11:00:00.000Z' })).toBe(`det-front_door-${hash}`);
    // The same bytes from another camera (a "no signal" frame) are another camera's job.
    expect(queueCatalog.detection.jobId({ ...detection, camera_id: 'back_yard' })).toBe(`det-back_yard-${hash}`);
    expect(queueCatalog.enrichment.jobId({ camera_id: 'back_yard', file_hash: hash } as never)).toBe(`enr-back_yard-${hash}`);
    expect(queueCatalog.analysis.jobId({ batch_id: 'b-1' } as never)).toBe('ana-b-1');
    const alertId = '6f1c2b7e-8d4a-4f3e-9b1a-2c3d4e5f6a7b';
    // One notification job per alert and channel; jobs queued before `channel` keep their id.
    expect(queueCatalog.notification.jobId({ alert_id: alertId, channel: 'email' } as never)).toBe(`ntf-${alertId}-email`);
    expect(queueCatalog.notification.jobId({ alert_id: alertId } as never)).toBe(`ntf-${alertId}`);
  });

  it('never produces an id BullMQ refuses (integers or ":")', () => {
    for (const id of [queueCatalog.detection.jobId(detection), queueCatalog.enrichment.jobId({ camera_id: 'front_door', file_hash: hash } as never)]) {
      expect(id).not.toMatch(/:/);
      expect(Number.isInteger(Number(id))).toBe(false);
    }
  });

  it('accepts a valid payload and lists every problem of a malformed one', () => {
    expect(validatePayload(queueCatalog.detection, detection)).toEqual(detection);
    let caught: unknown;
    try {
      validatePayload(queueCatalog.detection, { ...detection, file_hash: 'xyz', file_path: 'relative.jpg', extra: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PayloadValidationError);
    const problems = (caught as PayloadValidationError).problems.join('\n');
    expect(problems).toMatch(/file_hash/);
    expect(problems).toMatch(/file_path/);
    expect(problems).toMatch(/extra/);
  });

  it('names notification channels from a closed list', () => {
    const job = { alert_id: '6f1c2b7e-8d4a-4f3e-9b1a-2c3d4e5f6a7b', event_id: 7, rule_id: null, channels: ['webhook'], channel: 'webhook', correlation_id: 'c-1' };
    expect(validatePayload(queueCatalog.notification, job)).toEqual({ v: 1, ...job });
    expect(() => validatePayload(queueCatalog.notification, { ...job, channel: 'sms' })).toThrow(PayloadValidationError);
  });

  it('versions payloads: producers may omit v, older jobs without it read as version 1', () => {
    const { v: _omitted, ...unversioned } = detection;
    expect(validatePayload(queueCatalog.detection, unversioned).v).toBe(1);
    expect(validatePayload(queueCatalog.detection, unversioned, 'consumer').v).toBe(1);
    expect(() => validatePayload(queueCatalog.detection, { ...detection, v: 2 }, 'consumer')).toThrow(PayloadValidationError);
  });

  it('lets consumers drop the optional fields of a newer producer that producers still refuse', () => {
    const newer = { ...detection, scene_hint: 'night', extra_meta: { lens: 'wide' } };
    expect(() => validatePayload(queueCatalog.detection, newer)).toThrow(/scene_hint/);
    expect(validatePayload(queueCatalog.detection, newer, 'consumer')).toEqual(detection);
    for (const entry of Object.values(queueCatalog)) {
      expect(entry.consumerSchema.safeParse({ unknown_key: 1 }).success).toBe(false);
    }
  });

  it('has retrying defaults with jittered exponential backoff and keeps failed jobs', () => {
    for (const entry of Object.values(queueCatalog)) {
      expect(entry.defaultJobOptions.attempts).toBeGreaterThanOrEqual(3);
      expect(entry.defaultJobOptions.backoff).toMatchObject({ type: 'exponential', jitter: 0.5 });
      expect(entry.defaultJobOptions.removeOnFail).toBe(false);
    }
  });
});

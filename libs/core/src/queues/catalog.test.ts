import { PayloadValidationError } from '../resilience/errors';
import { entryForDlqName, QUEUE_NAMES, queueCatalog } from './catalog';
import { validatePayload } from './validatePayload';

const hash = 'a'.repeat(64);
const detection = {
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
    expect(QUEUE_NAMES).toEqual(['detection', 'enrichment', 'analysis', 'notification']);
    expect(entryForDlqName('analysis_queue')?.name).toBe('analysis');
    expect(entryForDlqName('nope')).toBeUndefined();
  });

  it('derives job ids from content, so the same upload maps to the same job', () => {
    expect(queueCatalog.detection.jobId(detection)).toBe(`det-${hash}`);
    expect(queueCatalog.detection.jobId({ ...detection, received_at: '2026-11-25T11:00:00.000Z' })).toBe(`det-${hash}`);
    expect(queueCatalog.analysis.jobId({ batch_id: 'b-1' } as never)).toBe('ana-b-1');
  });

  it('never produces an id BullMQ refuses (integers or ":")', () => {
    for (const id of [queueCatalog.detection.jobId(detection), queueCatalog.enrichment.jobId({ file_hash: hash } as never)]) {
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

  it('has retrying defaults with jittered exponential backoff and keeps failed jobs', () => {
    for (const entry of Object.values(queueCatalog)) {
      expect(entry.defaultJobOptions.attempts).toBeGreaterThanOrEqual(3);
      expect(entry.defaultJobOptions.backoff).toMatchObject({ type: 'exponential', jitter: 0.5 });
      expect(entry.defaultJobOptions.removeOnFail).toBe(false);
    }
  });
});

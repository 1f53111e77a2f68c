import type { DetectionJob } from '@secpipe/core';
import type { CameraFolder } from '../cameras/cameraId';
import type { CameraRegistry } from '../cameras/cameraRegistry';
import type { DedupeStore } from '../queue/dedupeStore';
import type { DetectionEnqueuer } from '../queue/detectionEnqueuer';

/** A valid, complete upload on its way to the detection queue. */
export interface Delivery {
  file: string;
  camera: CameraFolder;
  /** SHA-256 of the upload's bytes: with the camera, the dedupe key. */
  contentHash: string;
  correlationId: string;
  /** When ingest received the upload (ISO): the camera's last activity. */
  receivedAt: string;
  /** One job for a snapshot, one per extracted frame for a clip. */
  jobs: DetectionJob[];
  mtimeMs: number;
  size: number;
  /** When ingest saw the upload complete (ms): the start of `watch_to_enqueue_seconds`. */
  completeAt: number;
}

export type DeliveryOutcome = 'enqueued' | 'duplicate' | 'unknown_camera';

export interface DeliveryPorts {
  cameras: CameraRegistry;
  dedupe: DedupeStore;
  enqueuer: DetectionEnqueuer;
}

/** The store a delivery could not reach: the reason ingest reports while uploads are parked. */
export type DeliveryDependency = 'postgres' | 'redis';

/** A delivery that failed because PostgreSQL or Redis did not answer; retrying can fix it. */
export class DeliveryFailure extends Error {
  constructor(
    readonly dependency: DeliveryDependency,
    options: { cause: unknown },
  ) {
    super(`${dependency === 'postgres' ? 'PostgreSQL' : 'Redis'} unavailable`, options);
    this.name = 'DeliveryFailure';
  }
}

async function using<T>(dependency: DeliveryDependency, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (cause) {
    throw new DeliveryFailure(dependency, { cause });
  }
}

/**
 * Camera known (or registered) -> content not enqueued recently -> add the job -> remember it.
 * Throws when PostgreSQL or Redis cannot be reached; the caller parks the delivery and retries,
 * which is safe at every step (the claim tolerates its own `pending`, a job id is camera + hash).
 */
export async function deliverUpload(delivery: Delivery, { cameras, dedupe, enqueuer }: DeliveryPorts): Promise<DeliveryOutcome> {
  if (!(await using('postgres', () => cameras.resolve(delivery.camera)))) return 'unknown_camera';
  // Content per camera: the same bytes from two cameras (a "no signal" frame) are two uploads.
  const content = `${delivery.camera.cameraId}:${delivery.contentHash}`;
  if ((await using('redis', () => dedupe.claim(content, delivery.file))) === 'duplicate') return 'duplicate';
  // A clip's frames one by one: after a failure part-way the retry adds them all again, and
  // the jobs added the first time collapse onto their ids.
  for (const job of delivery.jobs) await using('redis', () => enqueuer.enqueue(job));
  await using('redis', () => dedupe.markEnqueued(content));
  return 'enqueued';
}

import { queueCatalog, QueueProducer, type DetectionJob, type Logger, type Redis } from '@secpipe/core';

/** Adds `detection` jobs; the job id comes from the content hash (catalog entry). */
export interface DetectionEnqueuer {
  enqueue(payload: DetectionJob): Promise<string>;
  close(): Promise<void>;
}

export class BullDetectionEnqueuer implements DetectionEnqueuer {
  private readonly producer: QueueProducer<typeof queueCatalog.detection.schema>;

  /**
   * `redis` should fail fast (no offline queue): while Redis is down an add must reject at once
   * so the upload is parked for retry instead of hanging.
   */
  constructor(redis: Redis, prefix: string, logger: Logger) {
    this.producer = QueueProducer.open(queueCatalog.detection, { connection: redis, prefix });
    // Without a listener, a connection error on the queue would be thrown as an unhandled 'error'.
    this.producer.queue.on('error', (error) => logger.debug({ err: error }, 'detection queue connection error'));
  }

  enqueue(payload: DetectionJob): Promise<string> {
    return this.producer.enqueue(payload);
  }

  async close(): Promise<void> {
    await this.producer.close();
  }
}

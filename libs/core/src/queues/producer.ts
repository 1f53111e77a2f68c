import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueEntry, QueueEntryInfo } from './catalog';
import { validatePayload } from './validatePayload';

export interface QueueConnection {
  connection: ConnectionOptions;
  /** Key prefix: one per installation, one per test file. */
  prefix: string;
}

export function openQueue(entry: QueueEntryInfo, { connection, prefix }: QueueConnection): Queue {
  return new Queue(entry.name, { connection, prefix, defaultJobOptions: entry.defaultJobOptions });
}

/** Adds jobs to one catalog queue; every payload is validated before it reaches Redis. */
export class QueueProducer<S extends z.ZodType> {
  constructor(
    readonly entry: QueueEntry<S>,
    readonly queue: Queue,
  ) {}

  static open<S extends z.ZodType>(entry: QueueEntry<S>, connection: QueueConnection): QueueProducer<S> {
    return new QueueProducer(entry, openQueue(entry, connection));
  }

  /**
   * Validates and adds. The job id comes from the catalog, so adding the same payload twice
   * (a redelivery, a second replica) leaves one job. Returns that id.
   */
  async enqueue(payload: z.input<S>, overrides: JobsOptions = {}): Promise<string> {
    const data = validatePayload(this.entry, payload);
    const jobId = this.entry.jobId(data);
    await this.queue.add(this.entry.name, data, { ...this.entry.defaultJobOptions, ...overrides, jobId });
    return jobId;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

import type { AnalysisJob, JobContext, MessagePublisher, StageTimingRecorder } from '@secpipe/core';
import type { Assessor } from '../assessment/assessment';
import type { Batch } from '../assessment/batch';
import type { BatchRepository } from './batchRepository';
import { eventMessage } from './eventMessage';
import type { EventStore, StoredEvent } from './eventStore';

/** What runs after an event is committed (alert rules, MQTT); each is idempotent per event. */
export interface EventFollowUp {
  name: string;
  /** `created`: this delivery wrote the event (false on a redelivery, where earlier work may exist). */
  afterEvent(event: StoredEvent, context: JobContext, created: boolean): Promise<void>;
}

export interface AnalysisJobDeps {
  batches: Pick<BatchRepository, 'load'>;
  events: Pick<EventStore, 'findByBatch' | 'save'>;
  assessor: Assessor;
  publisher: Pick<MessagePublisher, 'publish'>;
  timings?: StageTimingRecorder;
  followUps?: EventFollowUp[];
}

export type AnalysisOutcome = { event_id: number; created: boolean } | { skipped: string };

/** Upload-to-event: from the earliest moment the pipeline knows about the batch. */
function pipelineStart(batch: Batch, context: JobContext): number {
  return Math.min(context.job.timestamp, ...batch.detections.map((d) => d.created_at.getTime()));
}

/**
 * Load the batch, assess it, write the event (once per batch), publish it after the commit
 * while alert rules are evaluated. A redelivered job finds its event and only repeats the
 * idempotent steps after the commit: one event, one set of alerts. The `event` message is published on
 * every delivery (at least once), so a crash between commit and publish loses no message.
 */
export function createAnalysisJobHandler(deps: AnalysisJobDeps) {
  return async (job: AnalysisJob, context: JobContext): Promise<AnalysisOutcome> => {
    const loaded = await deps.batches.load(job);
    if ('skip' in loaded) {
      context.logger.info({ batch_id: job.batch_id, reason: loaded.skip }, 'analysis skipped');
      return { skipped: loaded.skip };
    }
    let event: StoredEvent | null;
    let created = false;
    let startedAt: number | null = null;
    if ('batch' in loaded) {
      const assessment = await deps.assessor.assess(loaded.batch);
      ({ event, created } = await deps.events.save(loaded.batch, assessment));
      if (created) {
        startedAt = pipelineStart(loaded.batch, context);
        context.logger.info({ batch_id: job.batch_id, event_id: event.id, risk_score: event.risk_score, source: assessment.source, latency_ms: assessment.latency_ms }, 'event written');
      }
    } else {
      event = await deps.events.findByBatch(job.batch_id);
      if (!event) throw new Error(`event of batch ${job.batch_id} vanished between two reads`);
    }
    // The follow-ups need nothing from the publish, so they run while it is out. The publish has
    // reached the publisher's Redis connection already, so the alert messages they publish
    // through it queue behind it and `event` keeps the lower sequence.
    const published = deps.publisher.publish('event', eventMessage(event)).then(() => {
      if (startedAt !== null) void deps.timings?.record('total', Date.now() - startedAt);
    });
    // Handled here so a failure while the follow-ups run is not an unhandled rejection; the
    // `await` below still fails the job with it.
    published.catch(() => undefined);
    try {
      for (const followUp of deps.followUps ?? []) await followUp.afterEvent(event, context, created);
    } finally {
      await published;
    }
    return { event_id: event.id, created };
  };
}

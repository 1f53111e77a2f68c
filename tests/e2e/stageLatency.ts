import type { IntegrationContext } from './support';
import type { LiveMessage } from './fleet';

export interface StageLatency {
  /** Upload written -> its detections stored (the last row's created_at in PostgreSQL). */
  detectionStored: number;
  /** -> enriched and announced (the last `detection.new` of the batch published). */
  detectionEnriched: number;
  /** -> the batch closed (`detection.batch` closed_at). */
  batchClosed: number;
  /** -> the event published (`event` message timestamp). */
  eventPublished: number;
  /** -> the event received by this test's WebSocket client. */
  webSocketReceipt: number;
}

const published = (message: LiveMessage) => Date.parse(String(message.timestamp));

/**
 * Per-stage latency of one batch from the pipeline's own timestamps (the detection rows and the
 * messages on /ws/events), each stage measured from the moment the upload was written.
 */
export async function stageLatency(prisma: IntegrationContext['prisma'], live: LiveMessage[], batchId: string, uploadedAt: number): Promise<StageLatency> {
  const find = (type: string) => {
    const found = live.filter((m) => m.type === type && m.data.batch_id === batchId);
    if (found.length === 0) throw new Error(`no ${type} message for batch ${batchId}`);
    return found;
  };
  const batch = find('detection.batch')[0];
  const ids = new Set(batch.data.detection_ids as number[]);
  const detections = live.filter((m) => m.type === 'detection.new' && ids.has(m.data.detection_id as number));
  const event = find('event')[0];
  const rows = await prisma.detection.findMany({ where: { id: { in: [...ids] } }, select: { created_at: true } });
  return {
    detectionStored: Math.max(...rows.map((row) => row.created_at.getTime())) - uploadedAt,
    detectionEnriched: Math.max(...detections.map(published)) - uploadedAt,
    batchClosed: Date.parse(String(batch.data.closed_at)) - uploadedAt,
    eventPublished: published(event) - uploadedAt,
    webSocketReceipt: event.at - uploadedAt,
  };
}

/** One line per run for the record (not asserted: the machine is shared). */
export function printStageLatency(label: string, latency: StageLatency): void {
  const stages = Object.entries(latency).map(([stage, ms]) => `${stage} ${ms} ms`);
  process.stdout.write(`e2e stage latency (${label}, from upload written): ${stages.join(' -> ')}\n`);
}

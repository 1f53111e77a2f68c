import { enrichmentDataSchema, type EnrichmentData, type Prisma } from '@secpipe/core';
import type { DetectionRow } from '../detections/detectionRepository';
import type { BaselineRecorder } from './baselineRecorder';

/**
 * The baseline step, run inside the write transaction (it writes too): records its status and
 * time like the other steps. A redelivered image keeps the deviation stored the first time.
 */
export async function applyBaselineStep(
  recorder: BaselineRecorder | undefined,
  tx: Prisma.TransactionClient,
  input: { cameraId: string; detectedAt: Date; rows: DetectionRow[]; data: Map<number, EnrichmentData> },
): Promise<Map<number, EnrichmentData>> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  let baselines: Map<number, EnrichmentData['baseline']>;
  let record: EnrichmentData['steps']['baseline'];
  if (!recorder) {
    baselines = new Map();
    record = { status: 'skipped', duration_ms: 0, reason: 'baselines disabled' };
  } else if (input.rows.every((row) => row.enriched)) {
    baselines = new Map(input.rows.map((row) => [row.id, readBaseline(row.previous_baseline)]));
    record = { status: 'skipped', duration_ms: elapsed(), reason: 'image already counted by an earlier delivery' };
  } else {
    // No try: inside the transaction a failed statement aborts it; the job is retried.
    baselines = await recorder.record(tx, input.cameraId, input.detectedAt, input.rows, input.data);
    record = { status: 'ok', duration_ms: elapsed() };
  }
  return new Map(
    [...input.data].map(([id, data]) => {
      const baseline = baselines.get(id);
      return [id, enrichmentDataSchema.parse({ ...data, ...(baseline !== undefined ? { baseline } : {}), steps: { ...data.steps, baseline: record } })];
    }),
  );
}

function readBaseline(value: unknown): EnrichmentData['baseline'] | undefined {
  const parsed = enrichmentDataSchema.shape.baseline.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

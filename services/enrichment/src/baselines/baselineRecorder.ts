import type { EnrichmentData, Prisma } from '@secpipe/core';
import type { DetectionRow } from '../detections/detectionRepository';
import { updateBaselines } from './baselineRepository';
import { ANOMALY_THRESHOLD, deviationScore, siteSlot } from './siteClock';

export interface BaselineSettings {
  timeZone: string;
  /** No deviation is reported before the slot has this many samples (BASELINE_MIN_SAMPLES). */
  minSamples: number;
  alpha: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Counts one image into the camera's baselines and scores each detection against what the
 * baseline expected before it. Runs inside the enrichment write's transaction, so a retried job
 * whose write did not commit did not count either; detections already enriched (a redelivery
 * after the commit) are not counted again.
 */
export class BaselineRecorder {
  constructor(private readonly settings: BaselineSettings) {}

  async record(tx: Prisma.TransactionClient, cameraId: string, detectedAt: Date, rows: DetectionRow[], data: Map<number, EnrichmentData>): Promise<Map<number, EnrichmentData['baseline']>> {
    const counted = rows.filter((row) => !row.enriched && !data.get(row.id)?.filtered && !data.get(row.id)?.stationary);
    const classCounts: Record<string, number> = {};
    for (const row of counted) classCounts[row.object_type] = (classCounts[row.object_type] ?? 0) + 1;
    const slot = siteSlot(detectedAt, this.settings.timeZone);
    const before = await updateBaselines(tx, { cameraId, hour: slot.hour, dayOfWeek: slot.dayOfWeek, classCounts, alpha: this.settings.alpha });
    const hourSamples = Math.max(0, ...[...before.classes.values()].map((c) => c.samples));
    const result = new Map<number, EnrichmentData['baseline']>();
    for (const row of rows) {
      const known = before.classes.get(row.object_type);
      const samples = known?.samples ?? hourSamples;
      if (samples < this.settings.minSamples) {
        result.set(row.id, null);
        continue;
      }
      const observed = classCounts[row.object_type] ?? rows.filter((r) => r.object_type === row.object_type).length;
      const expected = known?.frequency ?? 0;
      const deviation = round(deviationScore(observed, expected));
      result.set(row.id, { expected: round(expected), observed, deviation, anomalous: deviation > ANOMALY_THRESHOLD, sample_count: samples });
    }
    return result;
  }
}

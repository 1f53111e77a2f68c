import { enrichmentDataSchema, type EnrichmentData, type EnrichmentStep as StepRecord } from '@secpipe/core';
import type { EnrichmentStep, StepInput } from './enrichmentStep';

const round = (ms: number) => Math.round(ms * 100) / 100;

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * Runs the steps in order and merges their parts per detection. Each step's status and time is
 * recorded on every detection of the image; a step that throws is recorded as failed and the
 * next one runs. The result is validated by the shared enrichment_data schema.
 */
export async function runSteps(steps: EnrichmentStep[], input: Omit<StepInput, 'so_far'>): Promise<Map<number, EnrichmentData>> {
  const merged = new Map<number, Partial<EnrichmentData>>(input.detections.map((d) => [d.id, {}]));
  const records: Partial<Record<EnrichmentStep['name'], StepRecord>> = {};
  for (const step of steps) {
    const started = performance.now();
    try {
      const outcome = await step.run({ ...input, so_far: merged });
      for (const [id, part] of outcome.parts ?? []) merged.set(id, { ...merged.get(id), ...part });
      records[step.name] = { status: outcome.status, duration_ms: round(performance.now() - started), ...(outcome.status === 'skipped' ? { reason: outcome.reason } : {}) };
    } catch (error) {
      records[step.name] = { status: 'failed', duration_ms: round(performance.now() - started), reason: reasonOf(error) };
    }
  }
  return new Map([...merged].map(([id, part]) => [id, enrichmentDataSchema.parse({ ...part, steps: records })]));
}

import { DEFAULT_RISK_THRESHOLDS, loadEventFacts, type AnalysisJob } from '@secpipe/core';
import { useIntegrationContext } from '@secpipe/testing';
import { RulesAssessor } from '../src/assessment/rulesAssessor';
import { BatchRepository } from '../src/events/batchRepository';
import { EventStore } from '../src/events/eventStore';
import { analyzerPool } from './support/analyzerPool';
import { berlin } from './support/batchBuilder';
import { seedBatch } from './support/analysisFixtures';

const ctx = useIntegrationContext('analyzer-event-store');
const rules = new RulesAssessor({ timeZone: 'Europe/Berlin', knownPlates: [], thresholds: () => DEFAULT_RISK_THRESHOLDS });

async function saveEvent(job: AnalysisJob) {
  const loaded = await new BatchRepository(analyzerPool(ctx)).load(job);
  if (!('batch' in loaded)) throw new Error('batch not loaded');
  return new EventStore(analyzerPool(ctx), 24).save(loaded.batch, await rules.assess(loaded.batch));
}

describe('EventStore', () => {
  it('returns with the written event the facts alert rules read, as loadEventFacts reads them', async () => {
    const job = await seedBatch(ctx.prisma, berlin('02:00'), [
      { cls: 'person', zone: 'entry_point', confidence: 0.7 },
      { cls: 'car', t: 5, zone: 'driveway', confidence: 0.85 },
      { cls: 'person', t: 9, confidence: 0.5 },
    ], 'porch');
    const { event, created } = await saveEvent(job);

    expect(created).toBe(true);
    const [facts] = await loadEventFacts(ctx.prisma, { eventIds: [event.id], limit: 1 });
    expect({ ...event, zone_ids: [...event.zone_ids].sort() }).toMatchObject({ ...facts, zone_ids: [...facts.zone_ids].sort() });
    expect(event).toMatchObject({ camera_id: 'porch', camera_name: 'porch', object_types: ['person', 'car'], zone_ids: expect.arrayContaining(['zone-entry_point', 'zone-driveway']) });
    expect(event.max_confidence).toBeCloseTo(0.85, 5);
  });

  it('leaves a detection of another event out of the links and the facts; a redelivery reads the same event', async () => {
    const earlier = await seedBatch(ctx.prisma, berlin('03:00'), [{ cls: 'person', zone: 'entry_point', confidence: 0.95 }], 'gate');
    await saveEvent(earlier);
    const later = await seedBatch(ctx.prisma, berlin('03:01'), [{ cls: 'car', zone: 'driveway', confidence: 0.6 }], 'gate');
    const overlapping = { ...later, detection_ids: [...later.detection_ids, ...earlier.detection_ids] };

    const first = await saveEvent(overlapping);
    const again = await new EventStore(analyzerPool(ctx), 24).findByBatch(overlapping.batch_id);

    expect(first.created).toBe(true);
    expect(first.event).toMatchObject({ zone_ids: ['zone-driveway'], max_confidence: expect.closeTo(0.6, 5) });
    expect(again).toEqual(first.event);
    const links = await ctx.prisma.eventDetection.findMany({ where: { event_id: first.event.id } });
    expect(links.map((l) => l.detection_id)).toEqual(later.detection_ids);
  });
});

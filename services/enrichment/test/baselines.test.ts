import { enrichmentDataSchema } from '@secpipe/core';
import { detectionFactory, fakeFileHash, useIntegrationContext } from '@secpipe/testing';
import { BaselineRecorder } from '../src/baselines/baselineRecorder';
import { jobContext, startInstance, testPolicy } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-baselines');
// Sunday 2026-11-22 23:30 UTC = Monday 00:30 in Berlin.
const AT = new Date('2026-11-22T23:30:00Z');
let image = 0;

async function enrichImage(service: ReturnType<typeof startInstance>, classes: string[]) {
  image += 1;
  const hash = fakeFileHash(`baseline-${image}`);
  const rows = [];
  for (const [i, objectType] of classes.entries()) rows.push(await detectionFactory.create(ctx.prisma, { camera_id: 'porch', file_hash: hash, box_index: i, object_type: objectType, detected_at: AT, image_width: 1920, image_height: 1080 }));
  const job = { v: 1, camera_id: 'porch', file_path: rows[0].file_path, file_hash: hash, detection_ids: rows.map((r) => r.id), detected_at: AT.toISOString(), correlation_id: `c-${image}` };
  await service.parts.handler(job, jobContext());
  return { job, rows };
}

const baselineOf = async (id: number) => enrichmentDataSchema.parse((await ctx.prisma.detection.findUniqueOrThrow({ where: { id } })).enrichment_data).baseline;

describe('activity and class baselines', () => {
  it('updates EWMAs per image in the site time zone and scores deviation only after enough samples', async () => {
    const service = startInstance(ctx, () => testPolicy({ idleMs: 60_000 }, []), { baselines: new BaselineRecorder({ timeZone: 'Europe/Berlin', minSamples: 3, alpha: 0.5 }) });
    const first = await enrichImage(service, ['person']);
    expect(await baselineOf(first.rows[0].id)).toBeNull();
    await enrichImage(service, ['person']);
    await enrichImage(service, ['person']);
    const activity = await ctx.prisma.activityBaseline.findUniqueOrThrow({ where: { camera_id_hour_day_of_week: { camera_id: 'porch', hour: 0, day_of_week: 0 } } });
    expect(activity).toMatchObject({ avg_count: 1, sample_count: 3 });
    // Three samples: the usual single person scores 0, a car (never seen at this hour) scores 1.
    const usual = await enrichImage(service, ['person']);
    expect(await baselineOf(usual.rows[0].id)).toEqual({ expected: 1, observed: 1, deviation: 0, anomalous: false, sample_count: 3 });
    const odd = await enrichImage(service, ['person', 'person', 'car']);
    expect(await baselineOf(odd.rows[2].id)).toMatchObject({ expected: 0, observed: 1, deviation: 1, anomalous: true });
    expect(await baselineOf(odd.rows[0].id)).toMatchObject({ expected: 1, observed: 2, deviation: 0.5, anomalous: false });
    const person = await ctx.prisma.classBaseline.findUniqueOrThrow({ where: { camera_id_object_class_hour: { camera_id: 'porch', object_class: 'person', hour: 0 } } });
    expect(person).toMatchObject({ frequency: 1.5, sample_count: 5 });

    // A redelivery counts nothing again and keeps the stored score.
    const before = await ctx.prisma.classBaseline.findMany({ where: { camera_id: 'porch' }, orderBy: { object_class: 'asc' } });
    await service.parts.handler(odd.job, jobContext());
    expect(await ctx.prisma.classBaseline.findMany({ where: { camera_id: 'porch' }, orderBy: { object_class: 'asc' } })).toEqual(before);
    expect(await baselineOf(odd.rows[2].id)).toMatchObject({ deviation: 1, anomalous: true });
    await service.stop();
  });
});

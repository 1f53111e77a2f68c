import { messageKeys } from '@secpipe/core';
import { alertRuleFactory, useIntegrationContext } from '@secpipe/testing';
import { dedupKeyFor } from '../src/alerts/dedupKey';
import { berlin } from './support/batchBuilder';
import { jobContext, seedBatch } from './support/analysisFixtures';
import { analyzerHarness } from './support/analyzerHarness';

const ctx = useIntegrationContext('analyzer-alerts');
let harness: ReturnType<typeof analyzerHarness>;

beforeAll(() => {
  harness = analyzerHarness(ctx);
});

beforeEach(async () => {
  await ctx.prisma.alertRule.deleteMany();
});

async function alertMessages(): Promise<Array<{ type: string; data: { id: string; rule_id: string } }>> {
  const replay = await ctx.redis.zrange(messageKeys(ctx.prefix, 'alert_created').replay, 0, -1);
  return replay.map((m) => JSON.parse(m)).filter((m) => m.type === 'alert_created');
}

describe('alert rules after an event', () => {
  it('a redelivered analysis job leaves one event and one set of alerts, notifications per channel', async () => {
    const notify = await alertRuleFactory.create(ctx.prisma, { name: 'night door', risk_threshold: 60, camera_ids: ['porch'], channels: ['webhook', 'email'] });
    const live = await alertRuleFactory.create(ctx.prisma, { name: 'anything on the porch', risk_threshold: null, camera_ids: ['porch'], channels: ['websocket'] });
    await alertRuleFactory.create(ctx.prisma, { name: 'too high', risk_threshold: 95, camera_ids: ['porch'] });
    const before = (await alertMessages()).length;
    const job = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }], 'porch');

    await Promise.all([harness.handler(job, jobContext()), harness.handler(job, jobContext())]);
    await harness.handler(job, jobContext());

    const event = await ctx.prisma.event.findUniqueOrThrow({ where: { batch_id: job.batch_id }, include: { alerts: true } });
    expect(await ctx.prisma.event.count({ where: { batch_id: job.batch_id } })).toBe(1);
    expect(event.alerts.map((a) => a.rule_id).sort()).toEqual([notify.id, live.id].sort());
    expect((await alertMessages()).length - before).toBe(2);

    const notifyAlert = event.alerts.find((a) => a.rule_id === notify.id)!;
    expect(notifyAlert).toMatchObject({ severity: 'high', status: 'pending', dedup_key: `porch:${notify.id}`, channels: ['webhook', 'email'] });
    const jobs = await harness.notifications.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.id).sort()).toEqual([`ntf-${notifyAlert.id}-email`, `ntf-${notifyAlert.id}-webhook`]);
    expect(jobs.find((j) => j.id?.endsWith('-email'))?.data).toMatchObject({ alert_id: notifyAlert.id, event_id: event.id, channel: 'email', channels: ['email'] });
    // A live-only alert is delivered once alert_created is out.
    expect(event.alerts.find((a) => a.rule_id === live.id)).toMatchObject({ status: 'delivered' });
  });

  it('two events at once for the same rule and camera raise one alert inside the cooldown', async () => {
    const rule = await alertRuleFactory.create(ctx.prisma, { name: 'garage intruder', risk_threshold: 60, camera_ids: ['garage', 'shed'], cooldown_seconds: 300, channels: [] });
    const first = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }], 'garage');
    const second = await seedBatch(ctx.prisma, berlin('02:01'), [{ cls: 'person', zone: 'entry_point' }], 'garage');
    const other = await seedBatch(ctx.prisma, berlin('02:01'), [{ cls: 'person', zone: 'entry_point' }], 'shed');

    await Promise.all([harness.handler(first, jobContext()), harness.handler(second, jobContext()), harness.handler(other, jobContext())]);

    const alerts = await ctx.prisma.alert.findMany({ where: { rule_id: rule.id }, include: { event: true } });
    expect(alerts.filter((a) => a.event.camera_id === 'garage')).toHaveLength(1);
    expect(alerts.filter((a) => a.event.camera_id === 'shed')).toHaveLength(1);
    expect(await ctx.prisma.event.count({ where: { camera_id: 'garage' } })).toBe(2);
  });

  it('follows a schedule that crosses midnight in a non-UTC time zone', async () => {
    const rule = await alertRuleFactory.create(ctx.prisma, {
      name: 'friday night in New York',
      risk_threshold: null,
      camera_ids: ['stoop'],
      cooldown_seconds: 0,
      channels: [],
      schedule: { days: ['fri'], start_time: '22:00', end_time: '06:00', timezone: 'America/New_York' },
    });
    const at = async (iso: string) => {
      const job = await seedBatch(ctx.prisma, new Date(iso), [{ cls: 'person', zone: 'entry_point' }], 'stoop');
      await harness.handler(job, jobContext());
      return ctx.prisma.alert.count({ where: { rule_id: rule.id, event: { batch_id: job.batch_id } } });
    };
    expect(await at('2026-11-21T03:30:00-05:00')).toBe(1); // Saturday 03:30 local: Friday night's window
    expect(await at('2026-11-20T23:00:00-05:00')).toBe(1); // Friday 23:00 local
    expect(await at('2026-11-21T04:00:00Z')).toBe(1); // Friday 23:00 local, written in UTC (already Saturday in UTC)
    expect(await at('2026-11-21T12:00:00-05:00')).toBe(0); // Saturday noon
    expect(await at('2026-11-20T21:00:00-05:00')).toBe(0); // Friday 21:00, before the window
    expect(await at('2026-11-22T02:00:00-05:00')).toBe(0); // Sunday 02:00: Saturday night is not in the rule
  });

  it('publishes the event before its alerts: the event message has the lower sequence', async () => {
    await alertRuleFactory.create(ctx.prisma, { name: 'yard at night', risk_threshold: null, camera_ids: ['yard'], cooldown_seconds: 0, channels: [] });
    const job = await seedBatch(ctx.prisma, berlin('02:00'), [{ cls: 'person', zone: 'entry_point' }], 'yard');

    const outcome = await harness.handler(job, jobContext());

    const eventId = 'event_id' in outcome ? outcome.event_id : null;
    const replay = (await ctx.redis.zrange(messageKeys(ctx.prefix, 'event').replay, 0, -1)).map((m) => JSON.parse(m));
    const ofEvent = replay.filter((m) => m.data.event_id === eventId);
    expect(ofEvent.map((m) => m.type)).toEqual(['event', 'alert_created']);
    expect(ofEvent[0].sequence).toBeLessThan(ofEvent[1].sequence);
  });

  it('fills dedup key templates', () => {
    const values = { camera_id: 'porch', rule_id: 'r1', object_type: 'person', risk_level: 'high' };
    expect(dedupKeyFor('{camera_id}:{rule_id}', values)).toBe('porch:r1');
    expect(dedupKeyFor('{camera_id}/{object_type}/{risk_level}/{unknown}', values)).toBe('porch/person/high/{unknown}');
  });
});

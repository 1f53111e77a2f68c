import type { Alert, AlertRule, Prisma } from '@secpipe/core';
import { defineFactory } from './defineFactory';
import { eventFactory } from './eventFactory';

export const alertRuleFactory = defineFactory<Prisma.AlertRuleUncheckedCreateInput, AlertRule, 'nightOnly' | 'critical' | 'disabled' | 'personOnly'>({
  defaults: (n) => ({
    name: `High risk activity ${n}`,
    description: 'Alert when an event scores at or above the threshold',
    enabled: true,
    severity: 'high',
    risk_threshold: 70,
    channels: ['websocket'],
    cooldown_seconds: 300,
  }),
  traits: {
    nightOnly: { schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start_time: '22:00', end_time: '06:00', timezone: 'UTC' } },
    critical: { severity: 'critical', risk_threshold: 85 },
    disabled: { enabled: false },
    personOnly: { object_types: ['person'] },
  },
  insert: (db, data) => db.alertRule.create({ data }),
});

export type AlertInput = Omit<Prisma.AlertUncheckedCreateInput, 'event_id' | 'dedup_key'> & { event_id?: number; dedup_key?: string };

export const alertFactory = defineFactory<AlertInput, Alert, 'delivered' | 'acknowledged' | 'dismissed'>({
  defaults: () => ({ severity: 'high', status: 'pending', channels: ['websocket'] }),
  traits: {
    delivered: { status: 'delivered', delivered_at: new Date('2026-11-20T12:00:05.000Z') },
    acknowledged: { status: 'acknowledged' },
    dismissed: { status: 'dismissed' },
  },
  insert: async (db, data) => {
    const event = data.event_id ? await db.event.findUniqueOrThrow({ where: { id: data.event_id } }) : await eventFactory.create(db, {}, 'highRisk');
    const ruleId = data.rule_id ?? (await alertRuleFactory.create(db)).id;
    return db.alert.create({
      data: { ...data, event_id: event.id, rule_id: ruleId, dedup_key: data.dedup_key ?? `${event.camera_id}:${ruleId}` },
    });
  },
});

import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';

/**
 * Notification channel settings an operator edits at run time (GET/PUT /api/notification/config),
 * one `settings` row. A channel stored here replaces the analyzer's environment settings for that
 * channel; a channel not stored keeps them. Secrets are write-only: the API never returns them.
 */
export const NOTIFICATION_SETTINGS_KEY = 'notification_config';

const text = (max: number) => z.string().trim().min(1).max(max);
const url = (protocols: string[], label: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a ${label} URL`);

export const mqttSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  url: url(['mqtt:', 'mqtts:', 'ws:', 'wss:'], 'mqtt://, mqtts://, ws:// or wss://').nullable(),
  username: text(200).nullable(),
  password: text(500).nullable(),
  topic_prefix: z.string().regex(/^[A-Za-z0-9_/-]{1,100}$/, 'letters, digits, "_", "-" and "/" only'),
});

export const webhookSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  url: url(['http:', 'https:'], 'http:// or https://').nullable(),
  secret: text(500).nullable(),
  timeout_ms: z.number().int().min(100).max(120_000),
});

export const emailSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  host: text(255).nullable(),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: text(200).nullable(),
  password: text(500).nullable(),
  from: text(255),
  to: z.array(z.email()).max(20),
});

export const notificationSettingsSchema = z.strictObject({
  mqtt: mqttSettingsSchema.optional(),
  webhook: webhookSettingsSchema.optional(),
  email: emailSettingsSchema.optional(),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

/** The secret field of each channel. */
export const NOTIFICATION_SECRETS = { mqtt: 'password', webhook: 'secret', email: 'password' } as const;

/** Reads the stored settings; nothing stored (or a row that no longer validates) reads as {}. */
export async function readNotificationSettings(prisma: Pick<PrismaClient, 'setting'>): Promise<NotificationSettings> {
  const row = await prisma.setting.findUnique({ where: { key: NOTIFICATION_SETTINGS_KEY } });
  const parsed = notificationSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : {};
}

export async function writeNotificationSettings(prisma: Pick<PrismaClient, 'setting'>, settings: NotificationSettings): Promise<void> {
  const value = notificationSettingsSchema.parse(settings) as object;
  await prisma.setting.upsert({ where: { key: NOTIFICATION_SETTINGS_KEY }, create: { key: NOTIFICATION_SETTINGS_KEY, value }, update: { value } });
}

/** The settings without secrets: each secret becomes `<field>_set: true|false`. */
export function maskNotificationSettings(settings: NotificationSettings): Record<string, Record<string, unknown>> {
  const masked: Record<string, Record<string, unknown>> = {};
  for (const channel of Object.keys(NOTIFICATION_SECRETS) as Array<keyof typeof NOTIFICATION_SECRETS>) {
    const value = settings[channel] as Record<string, unknown> | undefined;
    if (!value) continue;
    const secret = NOTIFICATION_SECRETS[channel];
    const { [secret]: hidden, ...rest } = value;
    masked[channel] = { ...rest, [`${secret}_set`]: typeof hidden === 'string' && hidden.length > 0 };
  }
  return masked;
}

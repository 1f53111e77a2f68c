import {
  auditedChange,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_SECRETS,
  readNotificationSettings,
  writeNotificationSettings,
  type AuditWriter,
  type NotificationSettings,
  type PrismaClient,
} from '@secpipe/core';

/** A PUT body: the channels to replace, each with or without its secret. */
export type ChannelReplacement = Partial<Record<(typeof NOTIFICATION_CHANNELS)[number], Record<string, unknown>>>;

/** Channels in the body replace the stored ones; secrets the body leaves out are kept. */
function mergeSettings(current: NotificationSettings, body: ChannelReplacement): NotificationSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const channel of NOTIFICATION_CHANNELS) {
    const next = body[channel] as Record<string, unknown> | undefined;
    if (!next) continue;
    const secret = NOTIFICATION_SECRETS[channel];
    const kept = (current[channel] as Record<string, unknown> | undefined)?.[secret] ?? null;
    merged[channel] = { ...next, [secret]: next[secret] === undefined ? kept : next[secret] };
  }
  return merged as NotificationSettings;
}

/** Notification channel settings changed over the API, with an audit row that names no secret. */
export class NotificationSettingsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  replaceChannels(body: ChannelReplacement): Promise<NotificationSettings> {
    const entry = { action: 'notification.config', resource_type: 'notification_config', resource_id: null, details: { channels: Object.keys(body) } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      const merged = mergeSettings(await readNotificationSettings(db), body);
      await writeNotificationSettings(db, merged);
      return merged;
    });
  }
}

import { NOTIFICATION_CHANNELS, type PrismaClient } from '@secpipe/core';

/** How one channel's delivery of one alert went; kept in `alerts.metadata.deliveries[channel]`. */
export interface ChannelDelivery {
  status: 'delivered' | 'retrying' | 'failed';
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
}

/**
 * Per-channel delivery records on the alert. Each write is one UPDATE that merges its channel's
 * entry (row-locked, so two channels finishing at once both land); the alert turns `delivered`
 * once every notification channel it names has delivered.
 */
export class DeliveryLog {
  constructor(private readonly prisma: PrismaClient) {}

  async get(alertId: string, channel: string): Promise<ChannelDelivery | null> {
    const rows = await this.prisma.$queryRaw<Array<{ delivery: ChannelDelivery | null }>>`
      SELECT metadata -> 'deliveries' -> ${channel} AS delivery FROM alerts WHERE id = ${alertId}::uuid`;
    return rows[0]?.delivery ?? null;
  }

  async record(alertId: string, channel: string, delivery: ChannelDelivery): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE alerts SET updated_at = now(),
        metadata = jsonb_set(COALESCE(metadata, '{}'::jsonb), '{deliveries}',
          COALESCE(metadata -> 'deliveries', '{}'::jsonb) || jsonb_build_object(${channel}::text, ${JSON.stringify(delivery)}::jsonb))
      WHERE id = ${alertId}::uuid`;
    if (delivery.status === 'delivered') await this.markDeliveredIfComplete(alertId);
  }

  /** Pending -> delivered when no notification channel of the alert is still undelivered. */
  async markDeliveredIfComplete(alertId: string): Promise<boolean> {
    const updated = await this.prisma.$executeRaw`
      UPDATE alerts SET status = 'delivered', delivered_at = now(), updated_at = now()
      WHERE id = ${alertId}::uuid AND status = 'pending' AND NOT EXISTS (
        SELECT 1 FROM unnest(channels) AS c
        WHERE c = ANY(${[...NOTIFICATION_CHANNELS]}::text[])
          AND (metadata -> 'deliveries' -> c ->> 'status') IS DISTINCT FROM 'delivered')`;
    return updated > 0;
  }
}

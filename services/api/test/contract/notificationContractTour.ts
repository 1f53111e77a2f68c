import { notificationTestChannels, notificationTestRequestSchema } from '@secpipe/core';
import type { IntegrationContext } from '@secpipe/testing';
import type { ApiDeps } from '../../src/deps';
import type { TourCall } from './tourCaller';

/**
 * Notification settings and channel tests: stored, masked, refused when bad; a test with no
 * analyzer listening, then one answered by a stand-in analyzer on the same Redis prefix.
 */
export async function runNotificationContractTour(call: TourCall, ctx: IntegrationContext, deps: ApiDeps): Promise<void> {
  const webhook = { enabled: true, url: 'https://hooks.home.test/secpipe', secret: 'tour-secret', timeout_ms: 5000 };
  await call('get', '/api/notification/config', '/api/notification/config');
  await call('put', '/api/notification/config', '/api/notification/config', { webhook });
  await call('put', '/api/notification/config', '/api/notification/config', { webhook: { ...webhook, url: 'ftp://nope' } });
  await call('post', '/api/notification/test', '/api/notification/test', { channel: 'webhook' });
  await call('post', '/api/notification/test', '/api/notification/test', { channel: 'sms' });

  const channels = notificationTestChannels(deps.config.QUEUE_PREFIX);
  const analyzer = ctx.redis.duplicate();
  analyzer.on('message', (_topic: string, message: string) => {
    const { request_id, channel } = notificationTestRequestSchema.parse(JSON.parse(message));
    void ctx.redis.publish(channels.results, JSON.stringify({ request_id, channel, success: true, message: 'test message sent' }));
  });
  await analyzer.subscribe(channels.requests);
  try {
    await call('post', '/api/notification/test', '/api/notification/test', { channel: 'webhook' });
  } finally {
    await analyzer.quit();
  }
}

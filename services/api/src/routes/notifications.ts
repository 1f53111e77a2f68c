import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  emailSettingsSchema,
  maskNotificationSettings,
  mqttSettingsSchema,
  NOTIFICATION_CHANNELS,
  notificationTestChannels,
  notificationTestResultSchema,
  readNotificationSettings,
  webhookSettingsSchema,
  type NotificationTestResult,
  type Redis,
} from '@secpipe/core';
import { HttpError } from '../http/problem';
import { defineRoute } from '../http/route';
import { auditFor } from '../security/auditActor';
import { NotificationSettingsService } from '../services/notificationSettingsService';
import type { RouteModule } from './routeModule';

const TAG = 'Notifications';
/** How long a channel test may take: connect and send, with the analyzer's own timeouts inside. */
const TEST_TIMEOUT_MS = 15_000;

// What GET answers: secrets never leave, only whether one is set.
const configSchema = z.object({
  mqtt: mqttSettingsSchema.omit({ password: true }).extend({ password_set: z.boolean() }).optional(),
  webhook: webhookSettingsSchema.omit({ secret: true }).extend({ secret_set: z.boolean() }).optional(),
  email: emailSettingsSchema.omit({ password: true }).extend({ password_set: z.boolean() }).optional(),
});

// What PUT takes: a secret left out keeps the stored one, null clears it.
export const notificationConfigBody = z.strictObject({
  mqtt: mqttSettingsSchema.extend({ password: mqttSettingsSchema.shape.password.optional() }).optional(),
  webhook: webhookSettingsSchema.extend({ secret: webhookSettingsSchema.shape.secret.optional() }).optional(),
  email: emailSettingsSchema.extend({ password: emailSettingsSchema.shape.password.optional() }).optional(),
});

const testBody = z.strictObject({ channel: z.enum(NOTIFICATION_CHANNELS) });

/** Asks the analyzer to send a test message and waits for its answer (core `notificationTest`). */
async function requestChannelTest(redis: Redis, prefix: string, channel: (typeof NOTIFICATION_CHANNELS)[number]): Promise<NotificationTestResult> {
  const channels = notificationTestChannels(prefix);
  const requestId = randomUUID();
  const subscriber = redis.duplicate();
  try {
    const answered = new Promise<NotificationTestResult>((resolve) => {
      subscriber.on('message', (_topic: string, message: string) => {
        const parsed = notificationTestResultSchema.safeParse(JSON.parse(message));
        if (parsed.success && parsed.data.request_id === requestId) resolve(parsed.data);
      });
    });
    await subscriber.subscribe(channels.results);
    const listeners = await redis.publish(channels.requests, JSON.stringify({ request_id: requestId, channel }));
    if (listeners === 0) throw new HttpError(503, 'Service Unavailable', 'No analyzer is running to send the test message');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new HttpError(504, 'Gateway Timeout', `The analyzer did not answer within ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
    });
    return await Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await subscriber.quit().catch(() => undefined);
  }
}

/** `/api/notification`: channel settings (secrets write-only) and a test message per channel. */
export const notificationRoutes: RouteModule = {
  name: 'notifications',
  register(router, registry, { prisma, redis, config }) {
    defineRoute(router, registry, {
      method: 'get',
      path: '/api/notification/config',
      summary: 'Notification channel settings stored at run time (secrets omitted; channels left out use the analyzer environment)',
      tag: TAG,
      responses: { 200: { description: 'The stored channel settings', schema: configSchema } },
      async handler(_input, _req, res) {
        res.json(maskNotificationSettings(await readNotificationSettings(prisma)));
      },
    });

    defineRoute(router, registry, {
      method: 'put',
      path: '/api/notification/config',
      summary: 'Replace the settings of the channels given; the analyzer applies them within seconds',
      tag: TAG,
      body: notificationConfigBody,
      responses: { 200: { description: 'The stored channel settings', schema: configSchema } },
      async handler({ body }, req, res) {
        res.json(maskNotificationSettings(await new NotificationSettingsService(prisma, auditFor(req, res)).replaceChannels(body)));
      },
    });

    defineRoute(router, registry, {
      method: 'post',
      path: '/api/notification/test',
      summary: 'Send a test message on one channel through the analyzer and report the result',
      tag: TAG,
      body: testBody,
      responses: {
        200: { description: 'What happened', schema: notificationTestResultSchema.omit({ request_id: true }) },
        503: { description: 'No analyzer is running' },
        504: { description: 'The analyzer did not answer in time' },
      },
      async handler({ body }, _req, res) {
        const { request_id: _id, ...result } = await requestChannelTest(redis, config.QUEUE_PREFIX, body.channel);
        res.json(result);
      },
    });
  },
};

import request from 'supertest';
import { Client } from 'pg';
import { createLogger, poolConfigFromUrl } from '@secpipe/core';
import { cameraFactory, eventFactory, useIntegrationContext, waitFor } from '@secpipe/testing';
import { CHANGE_FEED_APPLICATION_NAME, ChangeFeed } from '../src/cache/changeFeed';
import { buildTestApp } from './testApp';

const silent = createLogger({ service: 'api', level: 'silent' });

/** The cache's request counter for one route and result, as /api/metrics shows it. */
async function cacheCount(app: Parameters<typeof request>[0], route: string, result: 'hit' | 'miss' | 'bypass'): Promise<number> {
  const text = (await request(app).get('/api/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`api_response_cache_requests_total{route="${route}",result="${result}",`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('change feed', () => {
  const ctx = useIntegrationContext('api-change-feed');

  it('counts a write committed on another connection once sync() resolves', async () => {
    const feed = ChangeFeed.start(ctx.databaseUrl, silent);
    ctx.onClose(() => feed.close());
    await feed.ready;
    expect(feed.listening).toBe(true);
    const before = feed.version(['events']);
    const cameraBefore = feed.version(['cameras']);
    const camera = await cameraFactory.create(ctx.prisma);
    await eventFactory.create(ctx.prisma, { camera_id: camera.id });
    await expect(feed.sync()).resolves.toBe(true);
    expect(feed.version(['events'])).not.toBe(before);
    expect(feed.version(['cameras'])).not.toBe(cameraBefore);
    // A table nobody wrote keeps its version.
    const detections = feed.version(['detections']);
    await eventFactory.create(ctx.prisma, { camera_id: camera.id });
    await feed.sync();
    expect(feed.version(['detections'])).toBe(detections);
  });

  it('answers null while the database is unreachable, and starts a new epoch after reconnecting', async () => {
    const unreachable = ChangeFeed.start('postgresql://postgres@127.0.0.1:1/nowhere', silent);
    await unreachable.ready;
    expect(unreachable.version(['events'])).toBeNull();
    await expect(unreachable.sync()).resolves.toBe(false);
    await unreachable.close();

    const feed = ChangeFeed.start(ctx.databaseUrl, silent);
    ctx.onClose(() => feed.close());
    await feed.ready;
    const first = feed.version(['events']);
    // Cut the listening connection from the server side, as a database restart would.
    const admin = new Client(poolConfigFromUrl(ctx.databaseUrl));
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [CHANGE_FEED_APPLICATION_NAME],
      );
      expect(rowCount).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.end();
    }
    await waitFor(() => feed.version(['events']) === null, { what: 'the feed to notice the lost connection' });
    const next = await waitFor(() => feed.version(['events']), { what: 'the feed to reconnect' });
    expect(next).not.toBe(first);
  });
});

describe('response cache', () => {
  const ctx = useIntegrationContext('api-response-cache');

  it('serves a repeated list from memory with an ETag, and 304 to a client that holds it', async () => {
    const { app, deps } = buildTestApp(ctx);
    await cameraFactory.create(ctx.prisma, { id: 'cache_cam', name: 'Cache Cam', folder_path: '/c/cache_cam' });
    await eventFactory.createList(ctx.prisma, 3, { camera_id: 'cache_cam' });
    await waitFor(() => deps.responses.following, { what: 'the cache to follow changes' });
    const first = await request(app).get('/api/events?limit=2').expect(200);
    const second = await request(app).get('/api/events?limit=2').expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['content-type']).toMatch(/application\/json/);
    expect(second.headers.etag).toBe(first.headers.etag);
    await expect(cacheCount(app, '/api/events', 'hit')).resolves.toBe(1);
    await expect(cacheCount(app, '/api/events', 'miss')).resolves.toBe(1);
    await request(app).get('/api/events?limit=2').set('If-None-Match', String(first.headers.etag)).expect(304);
    // Another query is another answer.
    const third = await request(app).get('/api/events?limit=3').expect(200);
    expect(third.body.items).toHaveLength(3);
  });

  it('never serves an answer older than a write committed before the request (read-your-writes)', async () => {
    const { app, deps } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    await waitFor(() => deps.responses.following, { what: 'the cache to follow changes' });
    for (let i = 1; i <= 15; i += 1) {
      // Written on the test's own connection, not through the API: as the analyzer would.
      const event = await eventFactory.create(ctx.prisma, { camera_id: camera.id, started_at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)), ended_at: null });
      const page = await request(app).get(`/api/events?camera_id=${camera.id}&limit=1`).expect(200);
      expect(page.body.items[0].id).toBe(event.id);
      expect(page.body.pagination.total).toBe(i);
    }
    await expect(cacheCount(app, '/api/events', 'miss')).resolves.toBeGreaterThanOrEqual(15);
  });

  it('shows a review made through the API in the very next list', async () => {
    const { app, deps } = buildTestApp(ctx);
    const camera = await cameraFactory.create(ctx.prisma);
    const event = await eventFactory.create(ctx.prisma, { camera_id: camera.id });
    await waitFor(() => deps.responses.following, { what: 'the cache to follow changes' });
    const path = `/api/events?camera_id=${camera.id}`;
    expect((await request(app).get(path).expect(200)).body.items[0].reviewed).toBe(false);
    await request(app).patch(`/api/events/${event.id}`).send({ reviewed: true }).expect(200);
    expect((await request(app).get(path).expect(200)).body.items[0].reviewed).toBe(true);
  });

  it('keeps answering from PostgreSQL when caching is off', async () => {
    const { app } = buildTestApp(ctx, {}, { API_RESPONSE_CACHE_MB: '0' });
    const camera = await cameraFactory.create(ctx.prisma, { name: 'No Cache Cam' });
    const listed = await request(app).get('/api/cameras?limit=1000').expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(camera.id);
    await request(app).get('/api/cameras?limit=1000').expect(200);
    await expect(cacheCount(app, '/api/cameras', 'bypass')).resolves.toBe(2);
    await expect(cacheCount(app, '/api/cameras', 'hit')).resolves.toBe(0);
  });
});

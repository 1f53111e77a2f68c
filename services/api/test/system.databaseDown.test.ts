import { createPgPool, createPrisma, poolConfigFromUrl } from '@secpipe/core';
import { freePort } from '@secpipe/testing';
import { preparedReader } from '../src/repositories/sqlReader';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

/** Words that would tell a client what the database is and how it failed. */
const DRIVER_TEXT = /prisma|ECONNREFUSED|postgres|sql|select |pg_|adapter|127\.0\.0\.1|:\d{4,5}/i;

/**
 * The API whose PostgreSQL refuses connections (a port nothing listens on: real sockets, real
 * driver errors). Every route that needs the database answers 503 problem+json with a fixed text
 * and Retry-After, never the driver's message; the chaos suite stops a real cluster and checks the
 * API serves again afterwards without a restart (tests/chaos/postgresOutage.test.ts).
 */
describe('API with PostgreSQL unreachable', () => {
  const ctx = useIntegrationContext('api-db-down');

  it('answers 503 problem+json without driver text on reads and writes', async () => {
    const down = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const prisma = createPrisma({ databaseUrl: down, maxConnections: 1 });
    const pool = createPgPool({ ...poolConfigFromUrl(down), max: 1 });
    ctx.onClose(() => prisma.$disconnect());
    ctx.onClose(() => pool.end());
    const { app } = buildTestApp(ctx, { prisma, sql: preparedReader(pool) });

    const requests = {
      'GET /api/events': () => request(app).get('/api/events'),
      'GET /api/detections': () => request(app).get('/api/detections'),
      'GET /api/cameras': () => request(app).get('/api/cameras'),
      'GET /api/system/stats': () => request(app).get('/api/system/stats'),
      'POST /api/alerts/rules': () => request(app).post('/api/alerts/rules').send({ name: 'Door', object_types: ['person'] }),
    };
    for (const [route, send] of Object.entries(requests)) {
      const res = await send();
      expect({ route, status: res.status }).toEqual({ route, status: 503 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable', detail: 'The database is unavailable; try again shortly' });
      expect(res.text).not.toMatch(DRIVER_TEXT);
    }

    const health = await request(app).get('/api/system/health').expect(503);
    expect(health.body.status).toBe('unhealthy');
    expect(health.body.services.database).toEqual({ status: 'unhealthy', message: 'PostgreSQL unreachable', details: {} });
  });
});

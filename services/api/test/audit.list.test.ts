import request from 'supertest';
import { useIntegrationContext } from '@secpipe/testing';
import { buildTestApp } from './testApp';
import { expectValidationError } from './support';

const T0 = Date.parse('2026-11-20T12:00:00Z');

describe('GET /api/audit', () => {
  const ctx = useIntegrationContext('api-audit-list');

  beforeAll(async () => {
    // 30 entries one minute apart (newest at T0 + 29 min): three actors, two resource types.
    await ctx.prisma.auditLog.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        timestamp: new Date(T0 + i * 60_000),
        action: i % 2 === 0 ? 'camera.update' : 'alert.acknowledge',
        resource_type: i % 2 === 0 ? 'camera' : 'alert',
        resource_id: i % 2 === 0 ? `cam_${i % 3}` : `alert-${i}`,
        actor: ['local', 'a1b2c3d4e5f6', 'system'][i % 3],
        ip_address: '10.0.0.7',
        details: { n: i },
        status: i === 7 ? 'failure' : 'success',
      })),
    });
  });

  const ns = (body: { items: Array<{ details: { n: number } }> }) => body.items.map((item) => item.details.n);

  it('lists newest first in the contract list shape', async () => {
    const { app } = buildTestApp(ctx);
    const res = await request(app).get('/api/audit?limit=3').expect(200);
    expect(ns(res.body)).toEqual([29, 28, 27]);
    expect(res.body.pagination).toMatchObject({ total: 30, limit: 3, offset: 0, has_more: true, next_cursor: expect.any(String) });
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      timestamp: new Date(T0 + 29 * 60_000).toISOString(),
      action: 'alert.acknowledge',
      resource_type: 'alert',
      resource_id: 'alert-29',
      actor: 'system',
      ip_address: '10.0.0.7',
      details: { n: 29 },
      status: 'success',
    });
  });

  it('filters by action, resource, actor and time range', async () => {
    const { app } = buildTestApp(ctx);
    const get = async (query: string) => (await request(app).get(`/api/audit?limit=100&${query}`).expect(200)).body;
    expect(ns(await get('action=alert.acknowledge'))).toHaveLength(15);
    expect(ns(await get('resource_type=camera&resource_id=cam_0'))).toEqual([24, 18, 12, 6, 0]);
    expect(ns(await get('actor=system&resource_type=alert'))).toEqual([29, 23, 17, 11, 5]);
    const range = await get(`start_date=${new Date(T0 + 10 * 60_000).toISOString()}&end_date=${new Date(T0 + 12 * 60_000).toISOString()}`);
    expect(ns(range)).toEqual([12, 11, 10]);
    expect(range.pagination.total).toBe(3);
    expect((await get('actor=nobody')).items).toEqual([]);
    expect((await get('action=alert.acknowledge&resource_id=alert-7')).items[0].status).toBe('failure');
  });

  it('pages by offset and by cursor without gaps or repeats', async () => {
    const { app } = buildTestApp(ctx);
    const second = await request(app).get('/api/audit?limit=10&offset=10').expect(200);
    expect(ns(second.body)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: request.Response = await request(app).get(`/api/audit?limit=7&resource_type=camera${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...ns(page.body));
      cursor = page.body.pagination.next_cursor;
      expect(page.body.pagination.has_more).toBe(cursor !== null);
    }
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => 28 - i * 2));
  });

  it('answers bad parameters with 422', async () => {
    const { app } = buildTestApp(ctx);
    expectValidationError(await request(app).get('/api/audit?limit=0'), 'query.limit');
    expectValidationError(await request(app).get('/api/audit?limit=1001'), 'query.limit');
    expectValidationError(await request(app).get('/api/audit?offset=-1'), 'query.offset');
    expectValidationError(await request(app).get('/api/audit?cursor=not-a-cursor'), 'query.cursor');
    expectValidationError(await request(app).get('/api/audit?start_date=yesterday'), 'query.start_date');
    expectValidationError(await request(app).get('/api/audit?start_date=2026-11-21&end_date=2026-11-20'), 'query.start_date');
    expectValidationError(await request(app).get(`/api/audit?action=${'x'.repeat(51)}`), 'query.action');
    expectValidationError(await request(app).get('/api/audit?actor='), 'query.actor');
  });
});

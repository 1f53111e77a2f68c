import request from 'supertest';
import { cameraFactory, useIntegrationContext } from '@secpipe/testing';
import { EXACT_COUNT_CAP } from '../src/repositories/listPage';
import { buildTestApp } from './testApp';
import { seedEvents } from './support';

describe('event list totals on a large table', () => {
  const ctx = useIntegrationContext('api-large-totals');

  beforeAll(async () => {
    const busy = await cameraFactory.create(ctx.prisma, { id: 'busy', name: 'Busy', folder_path: '/data/cameras/Busy' });
    const quiet = await cameraFactory.create(ctx.prisma, { id: 'quiet', name: 'Quiet', folder_path: '/data/cameras/Quiet' });
    await seedEvents(ctx.prisma, busy.id, 30_000);
    await seedEvents(ctx.prisma, quiet.id, 40);
    await ctx.prisma.$executeRaw`ANALYZE events`;
  });

  it('reports the planner estimate above the exact-count cap, reuses it briefly, and stays exact for small filters', async () => {
    const { app } = buildTestApp(ctx);
    const first = await request(app).get('/api/events?camera_id=busy&limit=5').expect(200);
    expect(first.body.pagination.has_more).toBe(true);
    const estimate = first.body.pagination.total;
    expect(estimate).toBeGreaterThan(EXACT_COUNT_CAP);
    // Within 30% of the truth: it is PostgreSQL's estimate after ANALYZE.
    expect(Math.abs(estimate - 30_000)).toBeLessThan(9_000);

    // More rows arrive; within the reuse window the same query answers with the same estimate.
    await seedEvents(ctx.prisma, 'busy', 1_000, new Date('2025-01-01T00:00:00Z'), 'late');
    await ctx.prisma.$executeRaw`ANALYZE events`;
    const again = await request(app).get('/api/events?camera_id=busy&limit=5').expect(200);
    expect(again.body.pagination.total).toBe(estimate);

    const small = await request(app).get('/api/events?camera_id=quiet&limit=5').expect(200);
    expect(small.body.pagination.total).toBe(40);
    await seedEvents(ctx.prisma, 'quiet', 3, new Date('2025-01-01T00:00:00Z'), 'late');
    const smallAgain = await request(app).get('/api/events?camera_id=quiet&limit=5').expect(200);
    expect(smallAgain.body.pagination.total).toBe(43);
  });
});

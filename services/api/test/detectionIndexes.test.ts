import { createDatabase, createPgPool, poolConfigFromUrl } from '@secpipe/core';
import { waitFor } from '@secpipe/testing';
import { preparedReader } from '../src/repositories/sqlReader';
import { request, useIntegrationContext } from './harness';
import { buildTestApp } from './testApp';

/** Indexes that exist to enforce a constraint, not to serve a read: exempt from the check. */
const CONSTRAINT_INDEXES = ['detections_pkey', 'detections_camera_id_file_hash_box_index_key'];
/** Indexes the workers read, not the API: enrichment's scan for detections no batch holds. */
const WORKER_INDEXES = ['detections_unbatched_idx'];

const BUSY_CAMERAS = 8;
const DETECTIONS = 120_000;

// An index nobody reads is paid for by every detection write. This runs every read the API makes
// on detections against a realistically shaped table (busy cameras, a quiet one, common and rare
// object types, ANALYZEd) and asks PostgreSQL which indexes its plans scanned.
describe('detections indexes', () => {
  const ctx = useIntegrationContext('api-detection-indexes');

  beforeAll(async () => {
    await ctx.prisma.$executeRawUnsafe(`
      INSERT INTO cameras (id, name, folder_path, status)
      SELECT 'cam_' || i, 'Cam ' || i, '/cameras/' || i, 'online' FROM generate_series(0, ${BUSY_CAMERAS}) AS i`);
    // Busy cameras 1..8 share the bulk; cam_0 is a quiet camera with a few detections.
    await ctx.prisma.$executeRawUnsafe(`
      INSERT INTO detections (camera_id, file_path, file_hash, detected_at, object_type, confidence, bbox_x, bbox_y, bbox_width, bbox_height)
      SELECT CASE WHEN i % 5000 = 0 THEN 'cam_0' ELSE 'cam_' || (1 + i % ${BUSY_CAMERAS}) END,
             '/cameras/f' || i || '.jpg', lpad(to_hex(i), 64, '0'), now() - i * interval '10 seconds',
             CASE WHEN i % 4000 = 0 THEN 'giraffe'
                  ELSE (ARRAY['person', 'person', 'person', 'car', 'car', 'dog', 'cat', 'truck', 'bicycle', 'bird', 'motorcycle', 'bus'])[1 + (i * 7919) % 12] END,
             0.3 + (i % 70) / 100.0, 1, 1, 10, 10
      FROM generate_series(1, ${DETECTIONS}) AS i`);
    await ctx.prisma.$executeRawUnsafe('ANALYZE detections');
    await ctx.prisma.$executeRawUnsafe('SELECT pg_stat_reset()');
  }, 60_000);

  it('are each scanned by a query the API runs, and nothing else is indexed', async () => {
    // Connections of this test's own, closed before reading the counters: a backend flushes
    // its index statistics when its session ends.
    const pool = createPgPool({ ...poolConfigFromUrl(ctx.databaseUrl), max: 2 });
    const { prisma } = createDatabase({ databaseUrl: ctx.databaseUrl, maxConnections: 2 });
    const { app } = buildTestApp(ctx, { sql: preparedReader(pool), prisma });
    const lists = [
      '',
      '?camera_id=cam_3',
      '?camera_id=cam_0',
      '?object_type=person',
      '?object_type=giraffe',
      '?camera_id=cam_3&object_type=giraffe',
      `?start_date=${new Date(Date.now() - 3_600_000).toISOString()}`,
      '?min_confidence=0.9',
    ];
    for (const query of lists) {
      const page = await request(app).get(`/api/detections${query}`).expect(200);
      if (page.body.pagination.next_cursor) await request(app).get(`/api/detections?cursor=${page.body.pagination.next_cursor}`).expect(200);
    }
    await request(app).get('/api/detections/stats').expect(200);
    await request(app).get('/api/detections/stats?camera_id=cam_3').expect(200);
    await request(app).get('/api/cameras/cam_3/snapshot');
    await request(app).post('/api/system/cleanup?dry_run=false').expect(200);
    await request(app).delete('/api/cameras/cam_0').expect(204);
    await pool.end();
    await prisma.$disconnect();

    const scans = async () =>
      new Map(
        (
          await ctx.prisma.$queryRawUnsafe<Array<{ name: string; scans: number }>>(
            `SELECT indexrelname AS name, idx_scan::int AS scans FROM pg_stat_user_indexes WHERE relname = 'detections'`,
          )
        ).map((row) => [row.name, row.scans]),
      );
    const readIndexes = [...(await scans()).keys()].filter((name) => !CONSTRAINT_INDEXES.includes(name) && !WORKER_INDEXES.includes(name)).sort();
    expect(readIndexes).toEqual(['detections_camera_id_detected_at_id_idx', 'detections_detected_at_id_idx', 'detections_object_type_idx']);
    const allScanned = async () => {
      const counts = await scans();
      return readIndexes.every((name) => counts.get(name)! > 0);
    };
    await waitFor(allScanned, { timeoutMs: 15_000, what: 'every read index to be scanned' }).catch(() => undefined);
    const counts = await scans();
    expect(readIndexes.filter((name) => !(counts.get(name)! > 0))).toEqual([]);
  }, 60_000);
});

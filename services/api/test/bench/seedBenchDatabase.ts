import type { Client } from 'pg';
import { DEFAULT_RISK_THRESHOLDS } from '@secpipe/core';

/**
 * Seeds `events` events and three detections per event over `cameras` cameras, set-based with
 * generate_series (row-by-row inserts would take hours at a million rows).
 */
export async function seedBenchDatabase(client: Client, events: number, cameras = 10): Promise<void> {
  await client.query(`
    INSERT INTO cameras (id, name, folder_path, status)
    SELECT 'bench_cam_' || c, 'Bench Cam ' || c, '/data/cameras/bench_cam_' || c, 'online'
    FROM generate_series(1, $1::int) AS c`, [cameras]);
  await client.query(`
    INSERT INTO events (batch_id, camera_id, started_at, ended_at, risk_score, risk_level, summary, reasoning,
                        object_types, detection_count, analysis_source, updated_at)
    SELECT 'bench-' || g, 'bench_cam_' || (1 + g % $2::int),
      timestamptz '2026-11-20 12:00:00+00' - make_interval(secs => g * 7),
      timestamptz '2026-11-20 12:00:00+00' - make_interval(secs => g * 7) + interval '30 seconds',
      (g * 37) % 101,
      -- The shared risk mapping's default bounds ($3..$5), so a seeded event looks like a real one.
      (CASE WHEN (g * 37) % 101 <= $3::int THEN 'low' WHEN (g * 37) % 101 <= $4::int THEN 'medium'
            WHEN (g * 37) % 101 <= $5::int THEN 'high' ELSE 'critical' END)::"RiskLevel",
      (ARRAY['Person walked past the front door', 'Car parked in the driveway', 'Delivery van stopped at the gate',
             'Unknown person lingered near the garage', 'Dog crossed the back yard'])[1 + g % 5] || ' #' || g,
      (ARRAY['Daytime activity consistent with the baseline', 'Unusual hour for this camera',
             'Object stayed longer than usual', 'Matches a known delivery pattern'])[1 + g % 4],
      CASE g % 5 WHEN 1 THEN ARRAY['car'] WHEN 2 THEN ARRAY['truck', 'person'] WHEN 4 THEN ARRAY['dog'] ELSE ARRAY['person'] END,
      3, 'rules', now()
    FROM generate_series(1, $1::int) AS g`, [events, cameras, DEFAULT_RISK_THRESHOLDS.risk_low_max, DEFAULT_RISK_THRESHOLDS.risk_medium_max, DEFAULT_RISK_THRESHOLDS.risk_high_max]);
  await client.query(`
    INSERT INTO detections (camera_id, file_path, file_type, file_hash, box_index, detected_at, object_type, confidence,
                            bbox_x, bbox_y, bbox_width, bbox_height, image_width, image_height)
    SELECT e.camera_id, '/data/cameras/' || e.camera_id || '/' || e.id || '.jpg', 'jpg',
      md5(e.id::text) || md5(e.batch_id), b, e.started_at + make_interval(secs => b),
      (ARRAY['person', 'car', 'truck', 'dog'])[1 + (e.id + b) % 4], 0.5 + ((e.id * 7 + b) % 50) / 100.0,
      100 + b * 10, 80, 120, 240, 1920, 1080
    FROM events e CROSS JOIN generate_series(0, 2) AS b`);
  await client.query(`
    INSERT INTO event_detections (event_id, detection_id)
    SELECT e.id, d.id FROM events e JOIN detections d ON d.file_path = '/data/cameras/' || e.camera_id || '/' || e.id || '.jpg'`);
  await client.query('VACUUM ANALYZE');
}

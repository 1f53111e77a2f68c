import { Client } from 'pg';
import { poolConfigFromUrl } from '@secpipe/core';
import { databaseExists, dropDatabase, migrateDeploy, quoteIdent, testDatabaseUrl, withAdminClient, withDatabase } from '../src';

const EXPECTED_TABLES = [
  '_prisma_migrations',
  'activity_baselines',
  'alert_rules',
  'alerts',
  'audit_logs',
  'cameras',
  'class_baselines',
  'detections',
  'event_detections',
  'events',
  'scene_changes',
  'settings',
  'zones',
];

describe('migrations', () => {
  const name = `secpipe_migrate_${process.pid}`;

  afterAll(async () => {
    await withAdminClient((client) => dropDatabase(client, name));
  });

  it('apply to an empty database with `prisma migrate deploy`, offline, and are idempotent', async () => {
    await withAdminClient(async (client) => {
      await dropDatabase(client, name);
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      expect(await databaseExists(client, name)).toBe(true);
    });
    const url = withDatabase(testDatabaseUrl(), name);
    const output = await migrateDeploy(url);
    expect(output).toMatch(/All migrations have been successfully applied/);

    const client = new Client(poolConfigFromUrl(url));
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual(EXPECTED_TABLES);
      const applied = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      expect(applied.rowCount).toBeGreaterThanOrEqual(2);
      const checks = await client.query(`SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname = 'events_risk_score_range'`);
      expect(checks.rowCount).toBe(1);
    } finally {
      await client.end();
    }

    await expect(migrateDeploy(url)).resolves.toMatch(/No pending migrations to apply/);
  }, 90_000);
});

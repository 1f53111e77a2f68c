import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  parsed.search = '';
  return parsed.toString();
}

/**
 * The template database's name follows the migrations' content: a changed or added migration
 * yields a new template, an unchanged tree reuses the one already built.
 */
export function templateDatabaseName(): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(MIGRATIONS_DIR).sort()) {
    const dir = path.join(MIGRATIONS_DIR, entry);
    if (!statSync(dir).isDirectory()) continue;
    hash.update(entry);
    hash.update(readFileSync(path.join(dir, 'migration.sql')));
  }
  return `secpipe_tmpl_${hash.digest('hex').slice(0, 12)}`;
}

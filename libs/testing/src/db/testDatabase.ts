import { randomBytes } from 'node:crypto';
import { createPrisma, type PrismaClient } from '@secpipe/core';
import { dropDatabase, quoteIdent, withAdminClient } from './adminClient';
import { templateDatabaseName, testDatabaseUrl, withDatabase } from './databaseUrls';

export interface TestDatabase {
  name: string;
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, cloned from the migrated template (tens of ms)
 * and dropped afterwards. The template is built by the jest global setup.
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const template = templateDatabaseName();
  const worker = process.env.JEST_WORKER_ID ?? '0';
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20);
  const name = `secpipe_t${worker}_${safeLabel}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
  const url = withDatabase(testDatabaseUrl(), name);
  const prisma = createPrisma({ databaseUrl: url, maxConnections: 5 });
  return {
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await withAdminClient((client) => dropDatabase(client, name));
    },
  };
}

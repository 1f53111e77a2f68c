import { databaseExists, dropDatabase, quoteIdent, withAdminClient } from './adminClient';
import { templateDatabaseName, testDatabaseUrl, withDatabase } from './databaseUrls';
import { migrateDeploy } from './migrate';

// Any fixed 64-bit number: serialises template builds between concurrent test runs.
const TEMPLATE_LOCK_KEY = 7_345_812_001;

/**
 * Makes sure a database migrated to the current migrations exists to clone test databases
 * from. Built once per migrations tree (about 12 s for `migrate deploy`), then reused.
 */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  return withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (await databaseExists(client, name)) return name;
      const building = `${name}_building`;
      await dropDatabase(client, building);
      await client.query(`CREATE DATABASE ${quoteIdent(building)}`);
      await migrateDeploy(withDatabase(testDatabaseUrl(), building));
      await client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true`);
      return name;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
}

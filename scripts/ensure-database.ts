// Creates the database named in DATABASE_URL if it does not exist yet (first start of the fleet).
import { Client } from 'pg';
import { poolConfigFromUrl } from '../libs/core/src/db/pgPool';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/secpipe';
  const config = poolConfigFromUrl(url);
  const admin = new Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database]);
    if (exists.rowCount === 0) {
      if (!/^[A-Za-z0-9_]+$/.test(String(config.database))) throw new Error(`unusual database name ${config.database}`);
      await admin.query(`CREATE DATABASE "${config.database}"`);
      console.log(`created database ${config.database}`);
    }
  } finally {
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(`could not prepare the database: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { Client } from 'pg';
import { poolConfigFromUrl } from '@secpipe/core';
import { testDatabaseUrl, withDatabase } from './databaseUrls';

/** A short-lived connection to the server's `postgres` database for CREATE/DROP DATABASE. */
export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...poolConfigFromUrl(withDatabase(testDatabaseUrl(), 'postgres')), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing unusual database name ${name}`);
  return `"${name}"`;
}

export async function databaseExists(client: Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

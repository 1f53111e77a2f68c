import { Pool, type PoolConfig } from 'pg';

// pg type OIDs of PostgreSQL catalog types that @prisma/adapter-pg 6.19 cannot map
// (prisma/orm#27403): `name` (19) and `"char"` (18). `prisma migrate` reads them from the
// catalogs. Their text form is plain text, so we present them to the adapter as `text` (25).
// Remove once the adapter maps these types itself.
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

interface FieldLike {
  dataTypeID: number;
}

function presentCatalogTypesAsText(result: unknown): unknown {
  const fields = (result as { fields?: FieldLike[] } | undefined)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * Splits a postgres:// URL into discrete options. The adapter must get discrete options, not a
 * connection string: with a string, `migrate dev` silently uses the main database as its shadow.
 */
export function poolConfigFromUrl(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  return {
    host: url.hostname || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
}

/** A pg Pool whose results present catalog types as text (see CATALOG_TEXT_OIDS). */
export function createPgPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      // pool.query() calls client.query(text, values, callback); the adapter awaits a promise.
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (err: unknown, result: unknown) => void;
        args[args.length - 1] = (err: unknown, result: unknown) =>
          callback(err, err ? result : presentCatalogTypesAsText(result));
        return query(...args);
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(presentCatalogTypesAsText) : pending;
    };
  });
  return pool;
}

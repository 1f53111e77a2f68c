import { Prisma } from '@secpipe/core';
import { LRUCache } from 'lru-cache';
import type { SqlReader } from './sqlReader';
import { decodeCursor, encodeCursor, type KeysetPosition, type Page, type PaginationQuery } from '../http/pagination';

/**
 * `total` is exact up to this many matches. Above it, counting every row of a multi-million
 * row filter would cost more than the page itself, so `total` is PostgreSQL's planner estimate
 * (never below the cap). Clients that need to know whether more rows follow use `has_more`.
 */
export const EXACT_COUNT_CAP = 10_000;

interface PlanRow {
  'QUERY PLAN': unknown;
}

async function plannerEstimate(sql: SqlReader, fromWhere: Prisma.Sql): Promise<number> {
  const [row] = await sql.rows<PlanRow>(Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 ${fromWhere}`);
  const raw = row?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: { 'Plan Rows': number } }>;
  return Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * Estimates of huge result sets, reused for a few seconds per database: an estimate does not
 * change meaningfully in that time, and skipping the EXPLAIN halves the queries of a list
 * request. Small results are never cached: their totals stay exact.
 */
const ESTIMATE_TTL_MS = 5000;
const largeEstimates = new WeakMap<SqlReader, LRUCache<string, number>>();

function estimateCache(sql: SqlReader): LRUCache<string, number> {
  let cache = largeEstimates.get(sql);
  if (!cache) {
    cache = new LRUCache<string, number>({ max: 500, ttl: ESTIMATE_TTL_MS });
    largeEstimates.set(sql, cache);
  }
  return cache;
}

/** Exact for small result sets, an estimate for huge ones (see EXACT_COUNT_CAP). */
export async function countMatches(sql: SqlReader, fromWhere: Prisma.Sql): Promise<number> {
  const cache = estimateCache(sql);
  const key = `${fromWhere.sql}\u0000${JSON.stringify(fromWhere.values)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const estimate = await plannerEstimate(sql, fromWhere);
  if (estimate > EXACT_COUNT_CAP * 2) {
    cache.set(key, estimate);
    return estimate;
  }
  const [{ n }] = await sql.rows<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n FROM (SELECT 1 ${fromWhere} LIMIT ${EXACT_COUNT_CAP + 1}) AS capped`);
  return n > EXACT_COUNT_CAP ? Math.max(estimate, n) : n;
}

/** `WHERE a AND b ...`, or nothing when there are no conditions. */
export function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/**
 * Keyset condition `(at, id) < (cursor.at, cursor.id)` on a (at DESC, id DESC) index: the
 * database seeks straight to the cursor, so page 1,000 costs what page 1 costs.
 */
export function afterCursor(atColumn: Prisma.Sql, idColumn: Prisma.Sql, cursor: string | undefined): Prisma.Sql[] {
  if (!cursor) return [];
  const position = decodeCursor(cursor);
  return [Prisma.sql`(${atColumn}, ${idColumn}) < (${position.at}::timestamptz, ${position.id}::int)`];
}

/** Turns `limit + 1` fetched rows into a page with `has_more` and the next keyset cursor. */
export function keysetPage<Row, Item>(
  rows: Row[],
  total: number,
  query: PaginationQuery,
  positionOf: (row: Row) => KeysetPosition,
  toItem: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    pagination: {
      total: Math.max(total, query.offset + pageRows.length),
      limit: query.limit,
      offset: query.offset,
      next_cursor: hasMore && last ? encodeCursor(positionOf(last)) : null,
      has_more: hasMore,
    },
  };
}

import { Prisma } from '@secpipe/core';
import type { Page } from '../http/pagination';
import { toAuditJson, type AuditEntryJson, type AuditFilters, type AuditRow } from '../schemas/audit';
import { afterCursor, countMatches, keysetPage, whereClause } from './listPage';
import type { SqlReader } from './sqlReader';

function filterConditions(filters: AuditFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.action) conditions.push(Prisma.sql`a.action = ${filters.action}`);
  if (filters.resource_type) conditions.push(Prisma.sql`a.resource_type = ${filters.resource_type}`);
  if (filters.resource_id) conditions.push(Prisma.sql`a.resource_id = ${filters.resource_id}`);
  if (filters.actor) conditions.push(Prisma.sql`a.actor = ${filters.actor}`);
  if (filters.start_date) conditions.push(Prisma.sql`a.timestamp >= ${filters.start_date}::timestamptz`);
  if (filters.end_date) conditions.push(Prisma.sql`a.timestamp <= ${filters.end_date}::timestamptz`);
  return conditions;
}

/** The audit trail newest first, keyset-paginated on (timestamp DESC, id DESC). */
export async function listAuditEntries(sql: SqlReader, query: AuditFilters): Promise<Page<AuditEntryJson>> {
  const filters = filterConditions(query);
  const pageWhere = whereClause([...filters, ...afterCursor(Prisma.sql`a.timestamp`, Prisma.sql`a.id`, query.cursor)]);
  const [rows, total] = await Promise.all([
    sql.rows<AuditRow>(Prisma.sql`
      SELECT a.id, a.timestamp, a.action, a.resource_type, a.resource_id, a.actor, a.ip_address, a.details, a.status
      FROM audit_logs a ${pageWhere}
      ORDER BY a.timestamp DESC, a.id DESC LIMIT ${query.limit + 1}::int OFFSET ${query.offset}::int`),
    countMatches(sql, Prisma.sql`FROM audit_logs a ${whereClause(filters)}`),
  ]);
  return keysetPage(rows, total, query, (row) => ({ at: new Date(row.timestamp), id: row.id }), toAuditJson);
}

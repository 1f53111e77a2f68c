import { Prisma, type Camera } from '@secpipe/core';
import { offsetPage } from '../http/pageResponse';
import type { Page } from '../http/pagination';
import { toCameraJson, type CameraJson, type CameraRow } from '../schemas/cameras';
import type { SqlReader } from './sqlReader';

/**
 * Cameras by id, with the total, in one prepared statement. Uploads touch `last_seen_at` many
 * times a second on a busy site, so this list is often answered from the database, not the
 * response cache; two ORM queries cost several times this one.
 */
export async function listCameras(sql: SqlReader, query: { status?: Camera['status']; limit: number; offset: number }): Promise<Page<CameraJson>> {
  const where = query.status ? Prisma.sql`WHERE c.status = ${query.status}::"CameraStatus"` : Prisma.empty;
  const rows = await sql.rows<CameraRow & { total: number }>(Prisma.sql`
    SELECT c.id, c.name, c.folder_path, c.status::text AS status, c.created_at, c.last_seen_at, count(*) OVER ()::int AS total
    FROM cameras c ${where} ORDER BY c.id LIMIT ${query.limit}::int OFFSET ${query.offset}::int`);
  // Past the last page there is no row to carry the total: count separately then.
  const total = rows[0]?.total ?? (query.offset > 0 ? (await sql.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM cameras c ${where}`))[0].n : 0);
  return offsetPage(rows.map(toCameraJson), total, query);
}

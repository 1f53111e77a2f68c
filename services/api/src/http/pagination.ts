import { z } from 'zod';
import { ValidationError } from './problem';

/** `limit` 1..1000 (default 50), `offset` >= 0, `cursor` = opaque keyset position. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  cursor: z.string().max(200).optional(),
});
export type PaginationQuery = z.output<typeof paginationQuery>;

export interface Pagination {
  total: number;
  limit: number;
  offset: number;
  next_cursor: string | null;
  has_more: boolean;
}

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/** A keyset position: the sort timestamp and id of the last row returned. */
export interface KeysetPosition {
  at: Date;
  id: number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(id)) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new ValidationError([{ field: 'query.cursor', message: 'Invalid cursor' }]);
  }
}

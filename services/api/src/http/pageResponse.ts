import type { Page } from './pagination';

/** A page of an offset-paginated list whose total is known exactly. */
export function offsetPage<T>(items: T[], total: number, query: { limit: number; offset: number }): Page<T> {
  return {
    items,
    pagination: { total, limit: query.limit, offset: query.offset, next_cursor: null, has_more: query.offset + items.length < total },
  };
}

import { createHash } from 'node:crypto';
import type { Prisma } from '@secpipe/core';
import type { Pool } from 'pg';

/** Runs read-only SQL built with Prisma.sql and returns its rows. */
export interface SqlReader {
  rows<Row>(query: Prisma.Sql): Promise<Row[]>;
}

/**
 * Reads through pg's named prepared statements: each distinct statement text is parsed and
 * planned once per connection, then only executed. On the list routes planning costs about
 * twice what executing does (the events table has many indexes to weigh), so this is the
 * larger part of a page's database time. The texts are bounded: values are always parameters,
 * so there is one text per combination of filters.
 */
export function preparedReader(pool: Pool): SqlReader {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async rows<Row>(query: Prisma.Sql): Promise<Row[]> {
      const result = await pool.query({ name: nameOf(query.text), text: query.text, values: query.values });
      return result.rows as Row[];
    },
  };
}

import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';

type SqlDriverAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

interface ErrorMapping {
  /** The adapter's own translation of a pg error into the error the CLI reports; always throws. */
  onError(error: unknown): never;
}

/**
 * The adapter the migrate CLI uses. @prisma/adapter-pg 6.19 runs a migration script by
 * splitting it on every `;`, which cuts dollar-quoted function bodies (PL/pgSQL trigger
 * functions) apart. PostgreSQL's simple-query protocol runs a multi-statement script in one
 * round trip, as one implicit transaction, so each migration is sent whole: it applies
 * completely or not at all.
 */
export class WholeScriptPrismaPg extends PrismaPg {
  constructor(private readonly scriptPool: Pool) {
    super(scriptPool);
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const errors = adapter as unknown as ErrorMapping;
    adapter.executeScript = async (script: string) => {
      try {
        await this.scriptPool.query(script);
      } catch (error) {
        errors.onError(error);
      }
    };
    return adapter;
  }
}

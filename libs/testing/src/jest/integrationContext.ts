import type { ConnectionOptions } from 'bullmq';
import type { PrismaClient, Redis } from '@secpipe/core';
import { createTestDatabase, type TestDatabase } from '../db/testDatabase';
import { closeRedis, createTestRedis, deleteKeysWithPrefix, uniquePrefix, workerConnection } from '../redis/testRedis';

export interface IntegrationContext {
  readonly prisma: PrismaClient;
  readonly databaseUrl: string;
  readonly redis: Redis;
  /** Redis key and BullMQ queue prefix owned by this test file. */
  readonly prefix: string;
  readonly connection: ConnectionOptions;
  /** Things to close after the file's tests (workers, queues, servers), in reverse order. */
  onClose(close: () => Promise<unknown> | unknown): void;
}

/**
 * Registers beforeAll/afterAll hooks that give a test file its own database (cloned from the
 * migrated template), a Redis prefix of its own and a client for each, and close everything
 * afterwards so jest sees no open handles.
 */
export function useIntegrationContext(label: string, options: { database?: boolean } = {}): IntegrationContext {
  const wantDatabase = options.database ?? true;
  let database: TestDatabase | undefined;
  let redis: Redis | undefined;
  const prefix = uniquePrefix(label);
  const closers: Array<() => Promise<unknown> | unknown> = [];

  beforeAll(async () => {
    redis = createTestRedis();
    if (wantDatabase) database = await createTestDatabase(label);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    if (redis) {
      await deleteKeysWithPrefix(redis, prefix);
      await closeRedis(redis);
    }
    await database?.drop();
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only available inside tests and hooks`);
    return value;
  };

  return {
    get prisma() {
      return required(database, 'the test database').prisma;
    },
    get databaseUrl() {
      return required(database, 'the test database').url;
    },
    get redis() {
      return required(redis, 'the test redis client');
    },
    prefix,
    connection: workerConnection(),
    onClose(close) {
      closers.push(close);
    },
  };
}

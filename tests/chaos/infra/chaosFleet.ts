import type { ConnectionOptions } from 'bullmq';
import { createPrisma, type PrismaClient } from '@secpipe/core';
import type { IntegrationContext, OwnPostgres, OwnRedis } from '@secpipe/testing';
import { startFleet, type FleetSettings, type RunningFleet } from '../../e2e/fleet';
import { readScenarioCounts, type ScenarioCounts } from '../scenarioCounts';
import { readBatchCoverage, type BatchCoverage } from './batchCoverage';

export interface ChaosFleet {
  fleet: RunningFleet;
  /** A client of the database the fleet writes to (the suite's own cluster when given). */
  prisma: PrismaClient;
  /** BullMQ connection to the Redis the fleet uses (the suite's own server when given). */
  connection: ConnectionOptions;
  prefix: string;
  counts(): Promise<ScenarioCounts & BatchCoverage>;
}

export interface ChaosFleetSettings extends FleetSettings {
  /** A Redis of the suite's own (started) instead of the shared one. */
  redis?: OwnRedis;
  /** A PostgreSQL cluster of the suite's own (started and migrated) instead of a test database. */
  postgres?: OwnPostgres;
}

/**
 * The fleet of real processes on the suite's own Redis and/or PostgreSQL where given (so the test
 * can kill them), otherwise on the test file's database and Redis prefix.
 */
export async function startChaosFleet(ctx: IntegrationContext, { redis, postgres, ...settings }: ChaosFleetSettings): Promise<ChaosFleet> {
  const common: Record<string, string> = { ...settings.common };
  if (redis) common.REDIS_URL = redis.url;
  if (postgres) common.DATABASE_URL = postgres.url;
  const prisma = postgres ? createPrisma({ databaseUrl: postgres.url, maxConnections: 3 }) : ctx.prisma;
  if (postgres) ctx.onClose(() => prisma.$disconnect());
  const connection = (redis ? { url: redis.url, maxRetriesPerRequest: null } : ctx.connection) as ConnectionOptions;
  // The fleet launcher reads the database from the context: point it at the suite's cluster.
  const fleetContext: IntegrationContext = {
    prisma,
    databaseUrl: postgres ? postgres.url : ctx.databaseUrl,
    get redis() {
      return ctx.redis;
    },
    prefix: ctx.prefix,
    connection,
    onClose: (close) => ctx.onClose(close),
  };
  const fleet = await startFleet(fleetContext, { ...settings, common });
  return {
    fleet,
    prisma,
    connection,
    prefix: ctx.prefix,
    async counts() {
      const counts = await readScenarioCounts({ prisma, connection, prefix: ctx.prefix, cameraRoot: fleet.cameraRoot });
      return { ...counts, ...(await readBatchCoverage(prisma)) };
    },
  };
}

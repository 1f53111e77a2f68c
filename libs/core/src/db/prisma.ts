import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { createPgPool, poolConfigFromUrl } from './pgPool';

export { Prisma, PrismaClient } from '../generated/prisma/client';
export type {
  ActivityBaseline,
  Alert,
  AlertRule,
  AuditLog,
  Camera,
  ClassBaseline,
  Detection,
  Event,
  EventDetection,
  SceneChange,
  Setting,
  Zone,
} from '../generated/prisma/client';
export * from '../generated/prisma/enums';

export interface PrismaSettings {
  databaseUrl: string;
  /** Pool size; the default suits one worker process on a small machine. */
  maxConnections?: number;
}

export interface Database {
  prisma: PrismaClient;
  /** The pool under `prisma`, for hot reads that use pg's prepared statements; ends with `prisma.$disconnect()`. */
  pool: Pool;
}

/** Prisma's query compiler over a pg pool (no native engine), and that pool. */
export function createDatabase({ databaseUrl, maxConnections = 10 }: PrismaSettings): Database {
  const pool = createPgPool({ ...poolConfigFromUrl(databaseUrl), max: maxConnections, connectionTimeoutMillis: 5000 });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return { prisma: new PrismaClient({ adapter }), pool };
}

/** The system-of-record client. */
export function createPrisma(settings: PrismaSettings): PrismaClient {
  return createDatabase(settings).prisma;
}

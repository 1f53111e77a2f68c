import { PrismaPg } from '@prisma/adapter-pg';
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
  Setting,
  Zone,
} from '../generated/prisma/client';
export * from '../generated/prisma/enums';

export interface PrismaSettings {
  databaseUrl: string;
  /** Pool size; the default suits one worker process on a small machine. */
  maxConnections?: number;
}

/** The system-of-record client: Prisma's query compiler over a pg pool (no native engine). */
export function createPrisma({ databaseUrl, maxConnections = 10 }: PrismaSettings): PrismaClient {
  const pool = createPgPool({ ...poolConfigFromUrl(databaseUrl), max: maxConnections, connectionTimeoutMillis: 5000 });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

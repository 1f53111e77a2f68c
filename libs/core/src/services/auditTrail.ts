import type { Prisma, PrismaClient } from '../db/prisma';
import { DomainError } from './domainErrors';

/** Who made a change: an API key id, `local` (API without auth), or `system` for workers. */
export interface AuditActor {
  actor: string;
  ip_address: string | null;
}

export interface AuditEntry {
  /** `<resource>.<verb>`, e.g. `alert.acknowledge`. */
  action: string;
  resource_type: string;
  resource_id?: string | number | null;
  /** What changed: the fields of a PATCH, the transition made, the count removed. */
  details?: Record<string, unknown>;
}

/** The part of a Prisma client (or of an interactive transaction) an audit row is written through. */
export type AuditClient = Pick<Prisma.TransactionClient, 'auditLog'>;

export interface AuditWriter {
  record(db: AuditClient, entry: AuditEntry, status: 'success' | 'failure'): Promise<void>;
}

/** Column widths of `audit_logs` (prisma/schema.prisma): longer values are cut, never refused. */
const MAX_RESOURCE_ID = 255;
const MAX_ACTOR = 100;
const MAX_IP = 45;

/** Writes audit rows for one actor; built per request (or once per worker with `system`). */
export function auditWriter(who: AuditActor): AuditWriter {
  return {
    async record(db, entry, status) {
      await db.auditLog.create({
        data: {
          action: entry.action,
          resource_type: entry.resource_type,
          resource_id: entry.resource_id === undefined || entry.resource_id === null ? null : String(entry.resource_id).slice(0, MAX_RESOURCE_ID),
          actor: who.actor.slice(0, MAX_ACTOR),
          ip_address: who.ip_address?.slice(0, MAX_IP) ?? null,
          details: (entry.details ?? {}) as Prisma.InputJsonValue,
          status,
        },
      });
    },
  };
}

/**
 * Runs a change and its audit row in one transaction, so a committed change always has its row
 * and a rolled-back one has none. A change refused by the domain (not found, conflict, invalid
 * transition) is recorded as a failure after the rollback, with the reason. Without a writer the
 * change runs alone.
 */
export async function auditedChange<T>(prisma: PrismaClient, audit: AuditWriter | undefined, entry: AuditEntry, change: (db: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (!audit) return change(prisma);
  try {
    return await prisma.$transaction(async (tx) => {
      const result = await change(tx);
      await audit.record(tx, entry, 'success');
      return result;
    });
  } catch (error) {
    if (error instanceof DomainError) await audit.record(prisma, { ...entry, details: { ...entry.details, error: error.message } }, 'failure');
    throw error;
  }
}

/**
 * For changes outside PostgreSQL (Redis queues) or committed by their own transaction: the row
 * is written right after the change. `outcome` reads the result into the row's status and
 * details (a requeue that found nothing is a failure with its reason).
 */
export async function auditAfterChange<T>(
  prisma: PrismaClient,
  audit: AuditWriter | undefined,
  entry: AuditEntry,
  change: () => Promise<T>,
  outcome: (result: T) => { status: 'success' | 'failure'; details?: Record<string, unknown> } = () => ({ status: 'success' }),
): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    if (audit && error instanceof DomainError) await audit.record(prisma, { ...entry, details: { ...entry.details, error: error.message } }, 'failure');
    throw error;
  }
  if (audit) {
    const { status, details } = outcome(result);
    await audit.record(prisma, { ...entry, details: { ...entry.details, ...details } }, status);
  }
  return result;
}

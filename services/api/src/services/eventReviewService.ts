import { auditedChange, isRecordMissing, NotFoundError, type AuditWriter, type PrismaClient } from '@secpipe/core';

export interface EventReview {
  reviewed?: boolean;
  notes?: string | null;
}

/** An operator's review of an event (reviewed flag, notes), audited with the fields set. */
export class EventReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit?: AuditWriter,
  ) {}

  review(id: number, review: EventReview): Promise<void> {
    const entry = { action: 'event.review', resource_type: 'event', resource_id: id, details: { ...review } };
    return auditedChange(this.prisma, this.audit, entry, async (db) => {
      try {
        await db.event.update({ where: { id }, data: review, select: { id: true } });
      } catch (error) {
        if (isRecordMissing(error)) throw new NotFoundError('Event', id);
        throw error;
      }
    });
  }
}

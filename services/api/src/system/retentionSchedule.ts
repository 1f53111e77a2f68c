import { Cron } from 'croner';
import type { Logger } from '@secpipe/core';

export interface RetentionSchedule {
  nextRun(): Date | null;
  stop(): void;
}

/**
 * Runs `cleanup` once a day at `time` (HH:MM, the host's local time; croner handles DST).
 * A run still going when the next is due is not started twice.
 */
export function startRetentionSchedule(time: string, cleanup: () => Promise<unknown>, logger: Logger): RetentionSchedule {
  const [hour, minute] = time.split(':').map(Number);
  const job = new Cron(`${minute} ${hour} * * *`, { protect: true, name: 'retention' }, async () => {
    try {
      await cleanup();
    } catch (error) {
      logger.error({ err: error }, 'scheduled retention cleanup failed');
    }
  });
  logger.info({ cleanup_time: time, next_run: job.nextRun()?.toISOString() }, 'retention cleanup scheduled');
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}

import type { Logger } from '../logging/logger';

export interface ShutdownStep {
  name: string;
  close: () => Promise<void> | void;
}

export interface ShutdownSettings {
  logger: Logger;
  /** A step that takes longer than this is abandoned so the process still exits. */
  stepTimeoutMs?: number;
  exit?: (code: number) => void;
}

async function runStep(step: ShutdownStep, logger: Logger, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(step.close),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return true;
  } catch (error) {
    logger.error({ err: error, step: step.name }, 'shutdown step failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ordered graceful shutdown: steps run in the order given (stop taking jobs, finish or release
 * the current ones, close HTTP, then Prisma and Redis). A second signal while shutting down
 * exits at once.
 */
export function shutdownOnSignals(steps: ShutdownStep[], settings: ShutdownSettings): () => Promise<void> {
  const { logger, stepTimeoutMs = 10_000, exit = (code) => process.exit(code) } = settings;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal = 'shutdown'): Promise<void> => {
    if (shuttingDown) return shuttingDown;
    logger.info({ signal }, 'shutting down');
    shuttingDown = (async () => {
      let clean = true;
      for (const step of steps) clean = (await runStep(step, logger, stepTimeoutMs)) && clean;
      logger.info({ clean }, 'stopped');
      exit(clean ? 0 : 1);
    })();
    return shuttingDown;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (shuttingDown) exit(130);
      void shutdown(signal);
    });
  }
  return () => shutdown();
}

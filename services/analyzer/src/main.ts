import { loadConfigOrExit, queueCatalog, startWorkerService } from '@secpipe/core';
import { analyzerConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('analyzer', analyzerConfigSchema);
  // No handler yet: the kit reports degraded, with the backlog, while analysis jobs wait.
  await startWorkerService({ name: 'analyzer', config, consumes: queueCatalog.analysis });
}

main().catch((error: unknown) => {
  process.stderr.write(`analyzer failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

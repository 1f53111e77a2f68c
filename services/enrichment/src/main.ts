import { loadConfigOrExit, queueCatalog, startWorkerService } from '@secpipe/core';
import { enrichmentConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('enrichment', enrichmentConfigSchema);
  // No handler yet: the kit reports degraded, with the backlog, while enrichment jobs wait.
  await startWorkerService({ name: 'enrichment', config, consumes: queueCatalog.enrichment });
}

main().catch((error: unknown) => {
  process.stderr.write(`enrichment failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { bootWorkerService, loadConfigOrExit } from '@secpipe/core';
import { enrichmentConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('enrichment', enrichmentConfigSchema);
  // The kit handles SIGTERM/SIGINT: it stops taking work and closes its connections.
  await bootWorkerService({ name: 'enrichment', config });
}

main().catch((error: unknown) => {
  process.stderr.write(`enrichment failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { bootWorkerService, loadConfigOrExit, shutdownOnSignals } from '@secpipe/core';
import { enrichmentConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('enrichment', enrichmentConfigSchema);
  const kit = await bootWorkerService({ name: 'enrichment', config });
  shutdownOnSignals([{ name: 'service kit', close: () => kit.close() }], { logger: kit.logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`enrichment failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

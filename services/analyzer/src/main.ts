import { bootWorkerService, loadConfigOrExit } from '@secpipe/core';
import { analyzerConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('analyzer', analyzerConfigSchema);
  // The kit handles SIGTERM/SIGINT: it stops taking work and closes its connections.
  await bootWorkerService({ name: 'analyzer', config });
}

main().catch((error: unknown) => {
  process.stderr.write(`analyzer failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

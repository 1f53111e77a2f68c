import { bootWorkerService, loadConfigOrExit, shutdownOnSignals } from '@secpipe/core';
import { analyzerConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('analyzer', analyzerConfigSchema);
  const kit = await bootWorkerService({ name: 'analyzer', config });
  shutdownOnSignals([{ name: 'service kit', close: () => kit.close() }], { logger: kit.logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`analyzer failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

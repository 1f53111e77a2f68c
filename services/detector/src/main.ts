import { bootWorkerService, loadConfigOrExit, shutdownOnSignals } from '@secpipe/core';
import { detectorConfigSchema } from './config';

/** Composition root: config, adapters, handlers, start; ordered shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('detector', detectorConfigSchema);
  const kit = await bootWorkerService({ name: 'detector', config });
  shutdownOnSignals([{ name: 'service kit', close: () => kit.close() }], { logger: kit.logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`detector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

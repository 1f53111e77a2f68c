import { bootWorkerService, loadConfigOrExit, shutdownOnSignals } from '@secpipe/core';
import { apiConfigSchema } from './config';

/**
 * Composition root. Until the REST routes land, the API serves its liveness, readiness and
 * metrics on API_PORT.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit('api', apiConfigSchema);
  const kit = await bootWorkerService({ name: 'api', config: { ...config, OPS_PORT: config.API_PORT } });
  shutdownOnSignals([{ name: 'service kit', close: () => kit.close() }], { logger: kit.logger });
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { readHeartbeats, type Heartbeat } from '@secpipe/core';
import { waitFor, type IntegrationContext } from '@secpipe/testing';

export * from '@secpipe/testing';

/** Waits for a service's heartbeat to appear under the test's prefix. */
export function readHeartbeatsFor(ctx: IntegrationContext, service: string): Promise<Heartbeat> {
  return waitFor(async () => (await readHeartbeats(ctx.redis, ctx.prefix, [service]))[service], { what: `${service} heartbeat` });
}

/**
 * Runs the fleet's processes under one supervisor (started by scripts/start-fleet.sh once the
 * install, PostgreSQL, Redis and migrations are ready). `--demo` adds the demo camera writer.
 * A crashed process is restarted with backoff up to FLEET_RESTART_TRIES (10) times.
 */
import { superviseFleet, type FleetProcess } from './fleet/superviseFleet';

const SERVICES = ['ingest', 'detector', 'enrichment', 'analyzer', 'api'] as const;

function fleetProcesses(withDemo: boolean): FleetProcess[] {
  // Plain `node --import tsx` (no pnpm or tsx CLI in between: neither passes SIGTERM on reliably).
  const processes = SERVICES.map((name) => ({ name, command: `node --import tsx services/${name}/src/main.ts` }));
  return withDemo ? [...processes, { name: 'demo', command: 'node --import tsx scripts/demo-cameras.ts' }] : processes;
}

const tries = Number(process.env.FLEET_RESTART_TRIES ?? 10);
superviseFleet(fleetProcesses(process.argv.includes('--demo')), Number.isInteger(tries) ? tries : 10);

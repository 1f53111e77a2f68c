/**
 * Runs the fleet's processes under concurrently (started by scripts/start-fleet.sh once the
 * install, PostgreSQL, Redis and migrations are ready). `--demo` adds the demo camera writer.
 *
 * concurrently restarts a process that exits with a failure, with exponential backoff (1 s, 2 s,
 * 4 s, ... per process), and logs "<cmd> exited with code N" then "<cmd> restarted". One gap in
 * concurrently 9.2.1 is closed here: a restart already scheduled when Ctrl-C arrives still fires
 * after the signal, and the restarted process would outlive the stop. So once a signal arrived,
 * a process that starts again is stopped at once, and the runner exits when every process has.
 */
import { concurrently, type Command } from 'concurrently';

const SERVICES = ['ingest', 'detector', 'enrichment', 'analyzer', 'api'] as const;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

interface FleetProcess {
  name: string;
  command: string;
}

function fleetProcesses(withDemo: boolean): FleetProcess[] {
  // Plain `node --import tsx` (no pnpm or tsx CLI in between: neither passes SIGTERM on reliably).
  const processes = SERVICES.map((name) => ({ name, command: `node --import tsx services/${name}/src/main.ts` }));
  return withDemo ? [...processes, { name: 'demo', command: 'node --import tsx scripts/demo-cameras.ts' }] : processes;
}

function restartTries(): number {
  const tries = Number(process.env.FLEET_RESTART_TRIES ?? 10);
  return Number.isInteger(tries) ? tries : 10;
}

function stopRestartsAfterSignal(commands: Command[]): void {
  let stopping = false;
  const exitWhenAllStopped = (): void => {
    if (stopping && commands.every((c) => c.state !== 'started')) process.exit(0);
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      stopping = true;
      exitWhenAllStopped();
    });
  }
  for (const command of commands) {
    command.stateChange.subscribe((state) => {
      if (stopping && state === 'started') command.kill('SIGTERM');
      exitWhenAllStopped();
    });
  }
}

function main(): void {
  const withDemo = process.argv.includes('--demo');
  const { commands, result } = concurrently(fleetProcesses(withDemo), {
    prefixColors: 'auto',
    restartTries: restartTries(),
    restartDelay: 'exponential',
    killOthersOn: [],
  });
  stopRestartsAfterSignal(commands);
  result.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

main();

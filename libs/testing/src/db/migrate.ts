import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './databaseUrls';

const run = promisify(execFile);

/** Runs the real `prisma migrate deploy` (the same command operators run) against one database. */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const prisma = path.join(REPO_ROOT, 'node_modules', '.bin', 'prisma');
  const { stdout } = await run(prisma, ['migrate', 'deploy'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    timeout: 120_000,
  });
  return stdout;
}

import { Socket } from 'node:net';
import { testDatabaseUrl, testRedisUrl } from '../db/databaseUrls';

const HOW_TO_START = `Start them (Debian packages, as CI does):
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
or point DATABASE_URL / REDIS_URL at running servers.`;

function reachable(url: string, defaultPort: number, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || defaultPort), hostname.replace(/^\[|\]$/g, ''), () => done(true));
  });
}

/**
 * Where neither server answers but a Docker engine exists, testcontainers starts both and the
 * URLs are exported for the workers. Returns a stop function, or null when nothing was started.
 */
async function startContainers(): Promise<(() => Promise<void>) | null> {
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const postgres = await new GenericContainer('postgres:15')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    const redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    process.env.DATABASE_URL = `postgresql://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`;
    process.env.REDIS_URL = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    return async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    };
  } catch {
    return null;
  }
}

/** Fails at once, with what to do, when PostgreSQL or Redis cannot be reached. */
export async function ensureServices(): Promise<(() => Promise<void>) | null> {
  const [pg, redis] = await Promise.all([reachable(testDatabaseUrl(), 5432), reachable(testRedisUrl(), 6379)]);
  if (pg && redis) return null;
  if (!pg && !redis) {
    const stop = await startContainers();
    if (stop) return stop;
  }
  const missing = [!pg && `PostgreSQL at ${testDatabaseUrl()}`, !redis && `Redis at ${testRedisUrl()}`].filter(Boolean);
  throw new Error(`Integration tests need ${missing.join(' and ')}, which did not answer.\n${HOW_TO_START}`);
}

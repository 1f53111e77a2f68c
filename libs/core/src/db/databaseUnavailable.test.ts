import { freePort } from '@secpipe/testing';
import { createPgPool, poolConfigFromUrl } from './pgPool';
import { createPrisma } from './prisma';
import { isDatabaseUnavailable } from './databaseUnavailable';

describe('isDatabaseUnavailable', () => {
  it('recognises what Prisma throws when nothing listens on the port', async () => {
    const prisma = createPrisma({ databaseUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, maxConnections: 1 });
    try {
      const modelError = await prisma.camera.count().catch((error: unknown) => error);
      const rawError = await prisma.$queryRaw`SELECT 1`.catch((error: unknown) => error);
      expect(isDatabaseUnavailable(modelError)).toBe(true);
      expect(isDatabaseUnavailable(rawError)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('recognises what a plain pg pool throws when nothing listens on the port', async () => {
    const pool = createPgPool({ ...poolConfigFromUrl(`postgresql://postgres@127.0.0.1:${await freePort()}/postgres`), max: 1 });
    try {
      expect(isDatabaseUnavailable(await pool.query('SELECT 1').catch((error: unknown) => error))).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('recognises a dropped connection and a server shutting down or starting up', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P03' } } } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { code: 'P1001' } }))).toBe(true);
  });

  it('leaves query errors alone', () => {
    expect(isDatabaseUnavailable({ code: 'P2002', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } })).toBe(false);
    expect(isDatabaseUnavailable({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '42601' } } } })).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

// Prisma 6.19 CLI configuration. Prisma 7's CLI downloads a native schema engine before every
// command and so cannot migrate offline; 6.19 with `engine: "js"` uses its WebAssembly schema
// engine through @prisma/adapter-pg and needs no download. This file can go back to a plain
// `datasource` once Prisma ships an offline migrate path again.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { WholeScriptPrismaPg } from './libs/core/src/db/migrationAdapter';
import { createPgPool, poolConfigFromUrl } from './libs/core/src/db/pgPool';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/secpipe';
// The schema's datasource reads env("DATABASE_URL"); when it is unset Prisma 6.19 silently falls
// back to the native query engine and tries to download it. Always give it a value.
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    // allowExitOnIdle + a short idle timeout let the CLI exit as soon as it is done (not after 10 s).
    const pool = createPgPool({ ...poolConfigFromUrl(url), allowExitOnIdle: true, idleTimeoutMillis: 200 });
    return new WholeScriptPrismaPg(pool);
  },
});

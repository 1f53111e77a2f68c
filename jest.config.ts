import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from 'jest';

// One project per package and per cross-service suite; `pnpm test` runs them all.
// TypeScript is transpiled per file (isolatedModules): type errors are caught by `pnpm typecheck`.
//
// Paths are `<rootDir>` strings only, never `__dirname`: Node 20 loads this file through ts-node
// as CommonJS, Node 22+ strips its types and loads it as an ES module, where `__dirname` does not
// exist (and `import.meta` would break the CommonJS load). Jest resolves `<rootDir>` itself, and
// ts-jest resolves it in `tsconfig` against each project's own rootDir.
const transformWith = (tsconfig: string): Config['transform'] => ({ '^.+\\.ts$': ['ts-jest', { tsconfig }] });

const common = { testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] } satisfies Config;

/** A workspace package (two levels below the root): tests beside the code and in test/. */
const packageProject = (dir: string): Config => ({
  ...common,
  displayName: dir,
  rootDir: `<rootDir>/${dir}`,
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: transformWith('<rootDir>/../../tsconfig.base.json'),
});

/**
 * A cross-service suite under tests/. The project's root is tests/ itself, which always exists, so
 * a suite whose folder is not there yet contributes no tests instead of stopping jest (a missing
 * rootDir is a configuration error).
 */
const suiteProject = (suite: string): Config => ({
  ...common,
  displayName: `tests/${suite}`,
  rootDir: '<rootDir>/tests',
  testMatch: [`<rootDir>/${suite}/**/*.test.ts`],
  transform: transformWith('<rootDir>/../tsconfig.base.json'),
});

/**
 * A named project whose folder is missing used to vanish from the run without a word. Jest is
 * started from the repository root (`pnpm test`), which is where `<rootDir>` points.
 */
function requireFolder(project: Config): Config {
  const folder = path.join(process.cwd(), String(project.displayName));
  if (!existsSync(folder)) throw new Error(`jest.config.ts names the project "${project.displayName}", but ${folder} does not exist: create it or remove the entry`);
  return project;
}

const config: Config = {
  transform: transformWith('<rootDir>/tsconfig.base.json'),
  globalSetup: '<rootDir>/libs/testing/src/jest/globalSetup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/globalTeardown.ts',
  // Integration tests share a 2-core machine with PostgreSQL and Redis.
  maxWorkers: 2,
  testTimeout: 30_000,
  projects: [
    packageProject('libs/core'),
    packageProject('libs/testing'),
    packageProject('services/ingest'),
    packageProject('services/detector'),
    packageProject('services/enrichment'),
    packageProject('services/analyzer'),
    packageProject('services/api'),
    suiteProject('e2e'),
    suiteProject('chaos'),
    suiteProject('contracts'),
    suiteProject('security'),
  ].map(requireFolder),
};

export default config;

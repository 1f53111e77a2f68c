import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from 'jest';

// One project per package and per cross-service suite; `pnpm test` runs them all.
// TypeScript is transpiled per file (isolatedModules): type errors are caught by `pnpm typecheck`.
const TSCONFIG = `${__dirname}/tsconfig.base.json`;

const transform: Config['transform'] = { '^.+\\.ts$': ['ts-jest', { tsconfig: TSCONFIG }] };

const packageProject = (dir: string): Config => ({
  displayName: dir,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
});

const suiteProject = (dir: string): Config => ({
  ...packageProject(dir),
  testMatch: ['<rootDir>/**/*.test.ts'],
});

const config: Config = {
  transform,
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
    suiteProject('tests/e2e'),
    suiteProject('tests/chaos'),
    suiteProject('tests/contracts'),
    suiteProject('tests/security'),
  ].map((project) => {
    // A named project whose folder is missing used to vanish from the run without a word.
    const folder = path.join(path.dirname(TSCONFIG), String(project.displayName));
    if (!existsSync(folder)) throw new Error(`jest.config.ts names the project "${project.displayName}", but ${folder} does not exist: create it or remove the entry`);
    return project;
  }),
};

export default config;

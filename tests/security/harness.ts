// Security suites send their attacks to the API as a live process (liveApi), over its own
// database and Redis prefix; the in-process app remains for the one check a process boundary
// hides (prototype pollution inside the server).
export * from '../../services/api/test/harness';
export * from './liveApi';

/** Text that must never appear in a response: SQL, driver, stack or file system details. */
export const LEAK_PATTERN = /syntax error|SELECT |INSERT |DELETE FROM|pg_|prisma|postgres|ECONN|node_modules|\bat \S+\.ts:\d+|\/work\/|\/home\//i;

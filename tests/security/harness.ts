// Security suites run the real API app over their own database and Redis prefix.
export * from '../../services/api/test/harness';

/** Text that must never appear in a response: SQL, driver, stack or file system details. */
export const LEAK_PATTERN = /syntax error|SELECT |INSERT |DELETE FROM|pg_|prisma|postgres|ECONN|node_modules|\bat \S+\.ts:\d+|\/work\/|\/home\//i;

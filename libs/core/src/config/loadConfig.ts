import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** One line per bad key, all at once: "REDIS_URL: must be a redis:// or rediss:// URL (got "nonsense")". */
export function describeIssues(issues: z.core.$ZodIssue[], env: Env): string[] {
  return issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const raw = env[key];
    const got = raw === undefined ? 'unset' : `got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw)}`;
    return `${key}: ${issue.message} (${got})`;
  });
}

/** Parses the environment once with a service's zod schema; reports every bad key together. */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: Env = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(service, describeIssues(result.error.issues, env));
  return result.data;
}

/**
 * For composition roots: parse config or print one readable line per bad key and exit 1.
 * No stack trace: a person fixing an env file needs the key and the reason, nothing else.
 */
export function loadConfigOrExit<S extends z.ZodType>(service: string, schema: S, env: Env = process.env): z.output<S> {
  try {
    return loadConfig(service, schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

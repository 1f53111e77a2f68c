import type { PrismaClient } from '../db/prisma';
import type { Logger } from '../logging/logger';
import { DEFAULT_RUNTIME_CONFIG, readRuntimeConfig, RUNTIME_CONFIG_KEYS, type RuntimeConfig, type RuntimeConfigKey } from './runtimeConfig';

export interface RuntimeConfigPollerSettings {
  prisma: PrismaClient;
  logger?: Logger;
  /** Values used for fields nobody has set (usually from the service's environment). */
  defaults?: RuntimeConfig;
  /** How often to look for changes; a few seconds keeps PATCH-to-effect short and the query cheap. */
  intervalMs?: number;
  /** Called after the first load and after every change, with the fields that changed. */
  onChange?: (config: RuntimeConfig, changed: RuntimeConfigKey[]) => void;
}

export interface RuntimeConfigPoller {
  /** The newest configuration seen (the defaults until the first read succeeds). */
  current(): RuntimeConfig;
  /** Reads the settings table now; resolves once the result has been applied. */
  refresh(): Promise<RuntimeConfig>;
  stop(): void;
}

function changedKeys(before: RuntimeConfig, after: RuntimeConfig): RuntimeConfigKey[] {
  return RUNTIME_CONFIG_KEYS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/**
 * Lets a worker apply PATCH /api/system/config without a restart: polls the settings table and
 * hands changed values to `onChange`. A failed read keeps the last good configuration.
 */
export function startRuntimeConfigPoller(settings: RuntimeConfigPollerSettings): RuntimeConfigPoller {
  const { prisma, logger, onChange, intervalMs = 2000 } = settings;
  const defaults = settings.defaults ?? DEFAULT_RUNTIME_CONFIG;
  let current = defaults;
  let loaded = false;
  let inFlight: Promise<RuntimeConfig> | undefined;

  const load = async (): Promise<RuntimeConfig> => {
    try {
      const snapshot = await readRuntimeConfig(prisma, defaults);
      // Compare values, not timestamps: `updated_at` comes from each writer's clock.
      const changed = loaded ? changedKeys(current, snapshot.config) : [...RUNTIME_CONFIG_KEYS];
      current = snapshot.config;
      loaded = true;
      if (changed.length > 0) {
        logger?.info({ changed }, 'runtime config applied');
        onChange?.(current, changed);
      }
    } catch (error) {
      logger?.warn({ err: error }, 'runtime config poll failed; keeping the last values');
    }
    return current;
  };
  const refresh = () => {
    inFlight ??= load().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { current: () => current, refresh, stop: () => clearInterval(timer) };
}

import { baseServiceEnv, type BaseServiceConfig } from '@secpipe/core';

/** Environment of the analyzer service, parsed once at boot (see README for every key). */
export const analyzerConfigSchema = baseServiceEnv(9104);

export type AnalyzerConfig = BaseServiceConfig;

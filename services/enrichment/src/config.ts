import { baseServiceEnv, type BaseServiceConfig } from '@secpipe/core';

/** Environment of the enrichment service, parsed once at boot (see README for every key). */
export const enrichmentConfigSchema = baseServiceEnv(9103);

export type EnrichmentConfig = BaseServiceConfig;

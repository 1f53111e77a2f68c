import { baseServiceEnv, type BaseServiceConfig } from '@secpipe/core';

/** Environment of the ingest service, parsed once at boot (see README for every key). */
export const ingestConfigSchema = baseServiceEnv(9101);

export type IngestConfig = BaseServiceConfig;

import { baseServiceEnv, type BaseServiceConfig } from '@secpipe/core';

/** Environment of the detector service, parsed once at boot (see README for every key). */
export const detectorConfigSchema = baseServiceEnv(9102);

export type DetectorConfig = BaseServiceConfig;

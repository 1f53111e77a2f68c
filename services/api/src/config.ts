import { baseServiceEnv, port } from '@secpipe/core';
import type { z } from 'zod';

/** Environment of the API service, parsed once at boot. */
export const apiConfigSchema = baseServiceEnv(8000).extend({
  API_PORT: port(8000),
});

export type ApiConfig = z.output<typeof apiConfigSchema>;

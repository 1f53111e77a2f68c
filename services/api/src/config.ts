import { baseServiceEnv, port } from '@secpipe/core';
import { z } from 'zod';

/** Environment of the API service, parsed once at boot. */
export const apiConfigSchema = baseServiceEnv(8000).extend({
  API_PORT: port(8000),
  /** Where boxed detection images are cached (made on first request). */
  THUMBNAIL_DIR: z.string().min(1).default('./data/thumbnails'),
});

export type ApiConfig = z.output<typeof apiConfigSchema>;

import { dlqRoutes } from './dlq';
import { livenessRoutes } from './liveness';
import { mediaRoutes } from './media';
import { metricsRoutes } from './metrics';
import type { RouteModule } from './routeModule';
import { systemRoutes } from './system';

/** Every route module the API mounts, in order. */
export const routeModules: RouteModule[] = [livenessRoutes, mediaRoutes, dlqRoutes, systemRoutes, metricsRoutes];

import { livenessRoutes } from './liveness';
import type { RouteModule } from './routeModule';

/** Every route module the API mounts, in order. */
export const routeModules: RouteModule[] = [livenessRoutes];

import { alertRoutes } from './alerts';
import { alertRuleRoutes } from './alertRules';
import { cameraRoutes } from './cameras';
import { detectionRoutes } from './detections';
import { eventRoutes } from './events';
import { livenessRoutes } from './liveness';
import type { RouteModule } from './routeModule';
import { zoneRoutes } from './zones';

/** Every route module the API mounts, in order. */
export const routeModules: RouteModule[] = [livenessRoutes, cameraRoutes, zoneRoutes, detectionRoutes, eventRoutes, alertRuleRoutes, alertRoutes];

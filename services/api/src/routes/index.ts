import { alertRoutes } from './alerts';
import { alertRuleRoutes } from './alertRules';
import { auditRoutes } from './audit';
import { cameraFilterRoutes } from './cameraFilters';
import { cameraRoutes } from './cameras';
import { detectionRoutes } from './detections';
import { dlqRoutes } from './dlq';
import { eventRoutes } from './events';
import { gpuRoutes } from './gpu';
import { livenessRoutes } from './liveness';
import { mediaRoutes } from './media';
import { metricsRoutes } from './metrics';
import { notificationRoutes } from './notifications';
import type { RouteModule } from './routeModule';
import { sceneChangeRoutes } from './sceneChanges';
import { systemRoutes } from './system';
import { zoneRoutes } from './zones';

/** Every route module the API mounts, in order. */
export const routeModules: RouteModule[] = [
  livenessRoutes,
  cameraRoutes,
  zoneRoutes,
  cameraFilterRoutes,
  sceneChangeRoutes,
  detectionRoutes,
  eventRoutes,
  alertRuleRoutes,
  alertRoutes,
  notificationRoutes,
  mediaRoutes,
  dlqRoutes,
  systemRoutes,
  auditRoutes,
  gpuRoutes,
  metricsRoutes,
];

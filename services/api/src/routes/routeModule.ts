import type { Router } from 'express';
import type { ApiDeps } from '../deps';
import type { OpenAPIRegistry } from '../http/openapi';

/** A route module mounts its handlers and documents them in the same place. */
export interface RouteModule {
  name: string;
  register(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void;
}

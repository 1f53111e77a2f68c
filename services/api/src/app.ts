import express, { Router, type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './http/errorHandler';
import { OpenAPIRegistry } from './http/openapi';
import { buildOpenApiDocument } from './http/openapiDocument';
import { routeModules } from './routes';
import type { RouteModule } from './routes/routeModule';
import { installSecurity } from './security/installSecurity';
import { httpMetrics } from './system/pipelineMetrics';

/** Builds the express app from its dependencies; main.ts listens, tests use supertest. */
export function createApp(deps: ApiDeps, modules: RouteModule[] = routeModules): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(httpMetrics(deps.metrics));
  // Security headers, CORS, rate limit, API key, content type, the 10 MB JSON parser.
  installSecurity(app, deps);

  const registry = new OpenAPIRegistry();
  const router = Router();
  for (const module of modules) module.register(router, registry, deps);
  const document = buildOpenApiDocument(registry, deps.version);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(router);
  // A browsable document, served from the package's own assets (nothing is fetched from a CDN).
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'SecPipe API' }));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}

import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas; the document is generated from the same schemas that
// validate requests, so the two cannot drift.
extendZodWithOpenApi(z);

export { OpenAPIRegistry };

export function buildOpenApiDocument(registry: OpenAPIRegistry, version: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'SecPipe API', version, description: 'Local-first AI security pipeline: cameras, detections, events, alerts.' },
    servers: [{ url: '/' }],
  });
}

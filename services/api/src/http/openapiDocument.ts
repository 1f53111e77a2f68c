import { OpenApiGeneratorV31, type OpenAPIRegistry } from './openapi';
import { API_KEY_REQUIREMENT, documentedDefinitions } from './operationDocs';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The OpenAPI 3.1 document of every registered route (linted with redocly in tests/contracts). */
export function buildOpenApiDocument(registry: OpenAPIRegistry, version: string): OpenApiDocument {
  return new OpenApiGeneratorV31(documentedDefinitions(registry.definitions)).generateDocument({
    openapi: '3.1.0',
    info: { title: 'SecPipe API', version, description: 'Local-first AI security pipeline: cameras, detections, events, alerts.' },
    servers: [{ url: '/' }],
    security: API_KEY_REQUIREMENT,
  });
}

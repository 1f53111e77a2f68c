import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas; the document is generated from the same schemas that
// validate requests, so the two cannot drift. The document itself is built in openapiDocument.ts.
extendZodWithOpenApi(z);

export { OpenApiGeneratorV31, OpenAPIRegistry };

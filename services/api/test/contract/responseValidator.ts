import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Response } from 'supertest';

type OpenApiDocument = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
};

/** Validates a document with a real OpenAPI 3.1 validator; resolves to the parsed API. */
export async function validateOpenApiDocument(document: unknown): Promise<unknown> {
  return SwaggerParser.validate(structuredClone(document) as never);
}

/** Whether a body came back: text, or bytes that supertest kept as a Buffer (images, videos). */
const sentBody = (res: Response) => Boolean(res.text) || (Buffer.isBuffer(res.body) && res.body.length > 0);

const pointer = (...segments: string[]) => segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks responses against the schemas their operation documents, with ajv (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1) resolving `$ref`s into the document's components.
 */
export class ResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly checked = new Set<string>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
  }

  /** Throws with ajv's errors when `res` does not match `method path status` of the document. */
  check(method: string, pathTemplate: string, res: Response): void {
    const operation = this.document.paths[pathTemplate]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${pathTemplate} is not documented`);
    const status = String(res.status);
    const documented = operation.responses[status];
    if (!documented) throw new Error(`${method.toUpperCase()} ${pathTemplate} answered ${status}, which is not documented`);
    this.checked.add(`${method} ${pathTemplate} ${status}`);
    if (!documented.content) {
      if (sentBody(res)) throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} documents no body but sent one`);
      return;
    }
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0];
    const content = documented.content[mediaType];
    if (!content) throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} sent ${mediaType}, documented: ${Object.keys(documented.content).join(', ')}`);
    if (!mediaType.includes('json')) return;
    const ref = `openapi#/${pointer('paths', pathTemplate, method, 'responses', status, 'content', mediaType, 'schema')}`;
    const validate = this.ajv.getSchema(ref) ?? this.ajv.compile({ $ref: ref });
    const body: unknown = mediaType === 'application/problem+json' ? JSON.parse(res.text) : res.body;
    if (!validate(body)) {
      throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} does not match its schema: ${this.ajv.errorsText(validate.errors)}`);
    }
  }
}

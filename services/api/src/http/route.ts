import type { NextFunction, Request, Response, Router } from 'express';
import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import type { OpenAPIRegistry } from './openapi';
import { binaryResponse, jsonResponse, problemResponse, validationErrorResponse } from './responseDocs';
import { parseRequestPart } from './validate';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteResponse {
  description: string;
  /** JSON body schema; omitted for empty responses. */
  schema?: z.ZodType;
  /** For binary responses (images): the media types served, documented as binary strings. */
  binary?: string[];
}

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: Method;
  /** OpenAPI form (`/api/cameras/{id}`); converted to express form for the router. */
  path: string;
  summary: string;
  tag: string;
  /** Defaults to one derived from method and path (`getCamerasById`); set it to keep a name across a move. */
  operationId?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Whether a body must be sent (default true); an absent optional body parses as `{}`. */
  bodyRequired?: boolean;
  responses: Record<number, RouteResponse>;
  handler: (input: RouteInput<P, Q, B>, req: Request, res: Response, next: NextFunction) => Promise<void> | void;
}

function toResponseConfig(response: RouteResponse): ResponseConfig {
  if (response.binary) return binaryResponse(response.binary, response.description);
  if (!response.schema) return { description: response.description };
  return jsonResponse(response.schema, response.description);
}

/** The documented responses plus the error shapes every route can answer with. */
function documentedResponses<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteConfig['responses'] {
  const responses: RouteConfig['responses'] = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = status.startsWith('2') ? toResponseConfig(response) : problemResponse(response.description);
  }
  if (spec.params && !responses[404]) responses[404] = problemResponse('Not found');
  if (spec.params || spec.query || spec.body) {
    responses[422] = validationErrorResponse();
  }
  return responses;
}

/**
 * Mounts one handler and documents it from the same zod schemas: params, query and body are
 * parsed (422 on failure) before the handler runs, and the OpenAPI entry is built from them.
 */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteSpec<P, Q, B>,
): void {
  registry.registerPath({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.operationId ? { operationId: spec.operationId } : {}),
    request: {
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { required: spec.bodyRequired ?? true, content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: documentedResponses(spec),
  });
  const expressPath = spec.path.replace(/\{([a-z_]+)\}/g, ':$1');
  router[spec.method](expressPath, async (req: Request, res: Response, next: NextFunction) => {
    const input = {
      params: spec.params ? parseRequestPart(spec.params, req.params, 'params') : {},
      query: spec.query ? parseRequestPart(spec.query, req.query, 'query') : {},
      body: spec.body ? parseRequestPart(spec.body, req.body ?? {}, 'body') : undefined,
    } as RouteInput<P, Q, B>;
    await spec.handler(input, req, res, next);
  });
}

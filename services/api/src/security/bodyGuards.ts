import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { HttpError, sendProblem } from '../http/problem';

/** Deeper JSON than this is refused before it is parsed into objects. */
export const MAX_JSON_DEPTH = 32;
export const MAX_BODY = '10mb';

const JSON_TYPES = ['application/json', 'application/*+json'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** Every route takes JSON: a body of any other type is a 415, not a silently empty body. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
  if (req.is(JSON_TYPES)) return next();
  sendProblem(res, 415, 'Unsupported Media Type', 'Request bodies must be application/json');
};

/**
 * Nesting depth of a JSON text, counted over the raw bytes (brackets inside strings do not
 * count). Parsing a hostile `[[[[...` would otherwise build millions of objects or exhaust the
 * stack before any schema saw it.
 */
export function jsonDepthExceeds(buffer: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < buffer.length; i += 1) {
    const byte = buffer[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth -= 1;
  }
  return false;
}

/** express.json with the 10 MB limit (413 beyond it), strict JSON and the depth guard. */
export function jsonBodyParser(): RequestHandler {
  return express.json({
    limit: MAX_BODY,
    strict: true,
    type: JSON_TYPES,
    verify: (_req, _res, buffer) => {
      if (jsonDepthExceeds(buffer, MAX_JSON_DEPTH)) {
        throw new HttpError(400, 'Bad Request', `JSON nesting deeper than ${MAX_JSON_DEPTH} levels is not accepted`);
      }
    },
  });
}

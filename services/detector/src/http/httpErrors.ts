import type { ErrorRequestHandler } from 'express';
import { MulterError } from 'multer';
import type { Logger } from '@secpipe/core';
import { UnreadableImageError } from '../preprocess/imageTensor';

/** A client mistake with the status to answer it with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error' };

function statusAndDetail(error: unknown): [number, string] {
  if (error instanceof HttpError) return [error.status, error.message];
  if (error instanceof UnreadableImageError) return [400, error.message];
  if (error instanceof MulterError) {
    return error.code === 'LIMIT_FILE_SIZE' ? [413, 'image larger than 10 MB'] : [400, `invalid upload: ${error.message}`];
  }
  const bodyError = error as { type?: string } | null;
  if (bodyError?.type === 'entity.too.large') return [413, 'request body larger than allowed'];
  if (bodyError?.type === 'entity.parse.failed') return [400, 'malformed JSON body'];
  return [500, 'detection failed'];
}

/**
 * The one place errors become responses (RFC 7807 problem+json). A 5xx says only that detection
 * failed: no stack, no model path.
 */
export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const [status, detail] = statusAndDetail(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, 'detect request failed');
    res.status(status).type('application/problem+json').json({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail });
  };
}

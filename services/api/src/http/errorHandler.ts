import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ConflictError, InvalidInputError, isDatabaseUnavailable, NotFoundError, type Logger } from '@secpipe/core';
import { HttpError, sendProblem, ValidationError } from './problem';

/** What a 503 for an unreachable database tells clients to wait before retrying. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The one place errors become responses. Nothing from SQL, drivers, stacks or paths leaks out. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  // Express recognises error middleware by its four parameters.
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (error instanceof ValidationError) {
      res.status(422).json({ error: { code: 'validation_error', message: 'Request validation failed', errors: error.errors } });
      return;
    }
    if (error instanceof NotFoundError) return sendProblem(res, 404, 'Not Found', error.message);
    if (error instanceof ConflictError) return sendProblem(res, 409, 'Conflict', error.message);
    if (error instanceof InvalidInputError) {
      res.status(422).json({ error: { code: 'validation_error', message: 'Request validation failed', errors: error.problems } });
      return;
    }
    if (error instanceof HttpError) {
      sendProblem(res, error.status, error.title, error.detail, error.extra);
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status === 413) return sendProblem(res, 413, 'Payload Too Large', 'Request body exceeds the 10 MB limit');
    if ((error as { type?: string }).type === 'entity.parse.failed') {
      return sendProblem(res, 400, 'Bad Request', 'Malformed JSON body');
    }
    if (typeof status === 'number' && status >= 400 && status < 500) return sendProblem(res, status, 'Bad Request', 'The request could not be processed');
    if (isDatabaseUnavailable(error)) {
      // PostgreSQL down or restarting: the client may retry; the driver's text stays in the log.
      logger.warn({ err: error, path: req.path, method: req.method }, 'database unavailable');
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(res, 503, 'Service Unavailable', 'The database is unavailable; try again shortly');
    }
    logger.error({ err: error, path: req.path, method: req.method }, 'unhandled request error');
    sendProblem(res, 500, 'Internal Server Error', 'An unexpected error occurred');
  };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, 404, 'Not Found', 'No route matches this path');
};

import type { Response } from 'express';

/** An error that maps to an RFC 7807 problem response. Anything else becomes a generic 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string | number) => new HttpError(404, 'Not Found', `${what} ${id} not found`);

/** JSON with <, > and & as unicode escapes, so echoed input can never become markup. */
export function escapedJson(body: unknown): string {
  return JSON.stringify(body).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sendProblem(res: Response, status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(escapedJson({ type: 'about:blank', title, status, detail: detail ?? title, ...extra }));
}

export interface FieldError {
  field: string;
  message: string;
}

/** 422 in the contract's validation shape. */
export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`validation failed: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
}

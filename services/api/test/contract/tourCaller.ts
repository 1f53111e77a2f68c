import request, { type Response } from 'supertest';
import type { Express } from 'express';
import type { ResponseValidator } from './responseValidator';

export type TourMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Sends one request and checks its response against `method template` of the document. */
export type TourCall = (method: TourMethod, template: string, url: string, body?: object) => Promise<Response>;

/** A `call` bound to one app and validator, counting the responses it checked. */
export function tourCaller(app: Express, validator: ResponseValidator): { call: TourCall; count: () => number } {
  let checked = 0;
  const call: TourCall = async (method, template, url, body) => {
    let pending = request(app)[method](url);
    if (body) pending = pending.send(body);
    const res = await pending.buffer(true);
    validator.check(method, template, res);
    checked += 1;
    return res;
  };
  return { call, count: () => checked };
}

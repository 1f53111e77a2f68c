/**
 * Client code a consumer of the API would write against the types openapi-typescript generates
 * from /openapi.json (`./schema`). `openapi-fetch` is imported as a type only, so the compiled
 * file runs without resolving packages from the temporary folder it is written to.
 */
export const TYPED_CLIENT = `
import type createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function exercise(create: typeof createClient, baseUrl: string, cameraId: string) {
  const client = create<paths>({ baseUrl });
  const listed = await client.GET('/api/events', { params: { query: { camera_id: cameraId, risk_level: 'high', reviewed: 'false', limit: 10 } } });
  if (!listed.data) throw new Error('list events answered ' + listed.response.status);
  const ids: number[] = listed.data.items.map((event) => event.id);
  const camera = await client.GET('/api/cameras/{id}', { params: { path: { id: cameraId } } });
  const name: string | undefined = camera.data?.name;
  const patched = await client.PATCH('/api/events/{id}', { params: { path: { id: ids[0] } }, body: { reviewed: true, notes: 'Checked on site' } });
  const missing = await client.GET('/api/cameras/{id}', { params: { path: { id: 'no_such_camera' } } });
  return {
    ids,
    total: listed.data.pagination.total,
    name,
    reviewed: patched.data?.reviewed,
    notes: patched.data?.notes,
    missing: missing.response.status,
    missingTitle: missing.error && 'title' in missing.error ? missing.error.title : undefined,
  };
}
`;

/** Calls the generated types must refuse: an unknown path, a mistyped query and body. */
export const MISTYPED_CLIENT = `
import type createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function misuse(create: typeof createClient) {
  const client = create<paths>({ baseUrl: 'http://127.0.0.1' });
  await client.GET('/api/camera/{id}', { params: { path: { id: 'x' } } });
  await client.GET('/api/events', { params: { query: { limit: 'ten' } } });
  await client.PATCH('/api/events/{id}', { params: { path: { id: 1 } }, body: { reviewed: 'yes' } });
}
`;

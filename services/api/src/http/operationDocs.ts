import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { isOpenPath } from '../security/exemptPaths';
import { problemResponse } from './responseDocs';

/**
 * What every operation documents alike, filled in once for all route modules: a stable
 * operationId for client generators, the API key requirement (CONTRACT.md "Auth") and its 401.
 */

/** The two ways a client may present its key; either one is enough. */
export const API_KEY_SCHEMES = {
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (needed only when API keys are on)' },
  apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The same key as a query parameter, for clients that cannot set headers' },
} as const;

/** Document-level requirement: the header or the query key. Open paths override it with `[]`. */
export const API_KEY_REQUIREMENT = Object.keys(API_KEY_SCHEMES).map((name) => ({ [name]: [] }));

/** The registry's entries (the package does not export their type by name). */
type OpenAPIDefinitions = OpenAPIRegistry['definitions'][number];

const pascal = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const camelWords = (segment: string) => segment.split(/[-_.]/).filter(Boolean).map(pascal).join('');

/**
 * `get /api/cameras/{id}` -> `getCamerasById`, `post /api/dlq/requeue-all/{queue_name}` ->
 * `postDlqRequeueAllByQueueName`, `get /` -> `getRoot`. Derived from method and path only, so an
 * id never changes while its route stays where it is; `/api` is dropped as every route has it.
 */
export function deriveOperationId(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const words = (segments[0] === 'api' ? segments.slice(1) : segments).map((segment) => {
    const param = /^\{(.+)\}$/.exec(segment);
    return param ? `By${camelWords(param[1])}` : camelWords(segment);
  });
  return `${method.toLowerCase()}${words.join('') || 'Root'}`;
}

function documentOperation(route: RouteConfig): RouteConfig {
  const operationId = route.operationId ?? deriveOperationId(route.method, route.path);
  if (isOpenPath(route.path)) return { ...route, operationId, security: [] };
  const responses = route.responses[401] ? route.responses : { ...route.responses, 401: problemResponse('API key missing or invalid (when API keys are on)') };
  return { ...route, operationId, responses };
}

/** The registry's definitions with every operation completed, plus the API key schemes. */
export function documentedDefinitions(definitions: readonly OpenAPIDefinitions[]): OpenAPIDefinitions[] {
  const seen = new Map<string, string>();
  const completed = definitions.map((definition) => {
    if (definition.type !== 'route') return definition;
    const route = documentOperation(definition.route);
    const key = `${route.method} ${route.path}`;
    const clash = seen.get(route.operationId as string);
    if (clash) throw new Error(`operationId ${route.operationId} of ${key} is already used by ${clash}: give one an explicit operationId`);
    seen.set(route.operationId as string, key);
    return { ...definition, route };
  });
  const schemes = Object.entries(API_KEY_SCHEMES).map(([name, component]) => ({ type: 'component' as const, componentType: 'securitySchemes' as const, name, component: { ...component } }));
  return [...completed, ...schemes];
}

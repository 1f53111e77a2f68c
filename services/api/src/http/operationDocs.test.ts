import { z } from 'zod';
import { deriveOperationId, documentedDefinitions } from './operationDocs';
import { OpenAPIRegistry } from './openapi';

describe('operation docs', () => {
  it('derives camelCase operationIds from method and path', () => {
    expect(deriveOperationId('get', '/api/cameras/{id}')).toBe('getCamerasById');
    expect(deriveOperationId('post', '/api/dlq/requeue-all/{queue_name}')).toBe('postDlqRequeueAllByQueueName');
    expect(deriveOperationId('get', '/health')).toBe('getHealth');
    expect(deriveOperationId('get', '/')).toBe('getRoot');
  });

  it('keeps an explicit operationId, opens exempt paths and documents 401 elsewhere', () => {
    const registry = new OpenAPIRegistry();
    const ok = { 200: { description: 'ok', content: { 'application/json': { schema: z.object({}) } } } };
    registry.registerPath({ method: 'get', path: '/api/events', operationId: 'listEvents', responses: ok });
    registry.registerPath({ method: 'get', path: '/ready', responses: ok });
    const routes = documentedDefinitions(registry.definitions).flatMap((d) => (d.type === 'route' ? [d.route] : []));
    expect(routes[0]).toMatchObject({ operationId: 'listEvents', responses: { 401: { description: expect.stringMatching(/API key/) } } });
    expect(routes[0].security).toBeUndefined();
    expect(routes[1]).toMatchObject({ operationId: 'getReady', security: [] });
    expect(routes[1].responses[401]).toBeUndefined();
  });

  it('refuses two operations with one operationId', () => {
    const registry = new OpenAPIRegistry();
    registry.registerPath({ method: 'get', path: '/api/events', responses: {} });
    registry.registerPath({ method: 'get', path: '/api/alerts', operationId: 'getEvents', responses: {} });
    expect(() => documentedDefinitions(registry.definitions)).toThrow(/getEvents of get \/api\/alerts is already used by get \/api\/events/);
  });
});

import { buildTestApp, LEAK_PATTERN, request, startLiveApi, useIntegrationContext, type LiveApi } from './harness';

describe('request bodies: size, type, nesting', () => {
  const ctx = useIntegrationContext('sec-bodies');
  let api: LiveApi;
  const app = () => api.url;

  beforeAll(async () => {
    api = await startLiveApi(ctx);
  }, 90_000);

  it('answers 413 for a JSON body over 10 MB', async () => {
    const big = JSON.stringify({ app_name: 'x'.repeat(11 * 1024 * 1024) });
    const res = await request(app()).patch('/api/system/config').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body).toMatchObject({ status: 413 });
    expect(await ctx.prisma.setting.count()).toBe(0);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'])('answers 415 for a %s body', async (type) => {
    const res = await request(app()).patch('/api/system/config').set('Content-Type', type).send('retention_days=1').expect(415);
    expect(res.text).not.toMatch(LEAK_PATTERN);
    expect(await ctx.prisma.setting.count()).toBe(0);
  });

  it('answers 400 for malformed JSON and for JSON nested too deep, never 500', async () => {
    await request(app()).patch('/api/system/config').set('Content-Type', 'application/json').send('{"retention_days": 7,').expect(400);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await request(app()).patch('/api/system/config').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body.detail).toMatch(/nesting/);
    const deepObject = `${'{"a":'.repeat(50)}1${'}'.repeat(50)}`;
    await request(app()).patch('/api/system/config').set('Content-Type', 'application/json').send(deepObject).expect(400);
  });

  it('lets modest nesting through to validation (422) and does not count brackets inside strings', async () => {
    const nested = `${'{"a":'.repeat(10)}1${'}'.repeat(10)}`;
    await request(app()).patch('/api/system/config').set('Content-Type', 'application/json').send(nested).expect(422);
    const res = await request(app())
      .patch('/api/system/config')
      .send({ app_name: `${'['.repeat(100)}"\\${'{'.repeat(100)}` })
      .expect(422);
    expect(res.body.error.code).toBe('validation_error');
  });

  // In process: pollution of the server's prototypes is invisible from outside its process.
  it('does not let __proto__ keys pollute objects', async () => {
    const res = await request(buildTestApp(ctx).app).patch('/api/system/config').set('Content-Type', 'application/json').send('{"__proto__": {"polluted": true}, "retention_days": 9}');
    expect([200, 422]).toContain(res.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

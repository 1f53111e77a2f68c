import { request, startLiveApi, useIntegrationContext } from './harness';

const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_REQUESTS_PER_MINUTE: '3',
  RATE_LIMIT_BURST: '1',
  RATE_LIMIT_SEARCH_REQUESTS_PER_MINUTE: '2',
  RATE_LIMIT_MEDIA_REQUESTS_PER_MINUTE: '5',
};

describe('rate limits and forwarded-for', () => {
  const ctx = useIntegrationContext('sec-rate-limit');
  // Two API processes: one with the default peer trust, one behind a trusted proxy.
  let app: string;
  let behindProxy: string;

  beforeAll(async () => {
    [app, behindProxy] = await Promise.all([startLiveApi(ctx, LIMITS), startLiveApi(ctx, { ...LIMITS, TRUSTED_PROXY_IPS: '127.0.0.1,::1' })].map((p) => p.then((api) => api.url)));
  }, 90_000);

  beforeEach(async () => {
    const keys = await ctx.redis.keys(`${ctx.prefix}:ratelimit:*`);
    if (keys.length > 0) await ctx.redis.del(...keys);
  });

  it('sends X-RateLimit headers and answers 429 with Retry-After once the window is spent', async () => {
    const first = await request(app).get('/api/system/config').expect(200);
    expect(first.headers['x-ratelimit-limit']).toBe('4');
    expect(first.headers['x-ratelimit-remaining']).toBe('3');
    const reset = Number(first.headers['x-ratelimit-reset']);
    expect(reset * 1000).toBeGreaterThan(Date.now());
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000);
    for (let i = 0; i < 3; i += 1) await request(app).get('/api/system/config').expect(200);
    const limited = await request(app).get('/api/system/config').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // Probes are never throttled.
    await request(app).get('/health').expect(200);
    await request(app).get('/api/system/health/ready').expect(200);
  });

  it('counts search (requests with q) and media in their own tiers', async () => {
    const search = await request(app).get('/api/system/stats?q=person').expect(200);
    expect(search.headers['x-ratelimit-limit']).toBe('2');
    await request(app).get('/api/system/stats?q=car').expect(200);
    await request(app).get('/api/system/stats?q=dog').expect(429);
    const media = await request(app).get('/api/media/thumbnails/none.jpg').expect(404);
    expect(media.headers['x-ratelimit-limit']).toBe('5');
    await request(app).get('/api/system/stats').expect(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    for (let i = 0; i < 4; i += 1) await request(app).get('/api/system/config').set('X-Forwarded-For', `203.0.113.${i}`).expect(200);
    await request(app).get('/api/system/config').set('X-Forwarded-For', '198.51.100.77').expect(429);
    expect(await ctx.redis.keys(`${ctx.prefix}:ratelimit:default:203.0.113.*`)).toEqual([]);
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    for (let i = 0; i < 4; i += 1) await request(behindProxy).get('/api/system/config').set('X-Forwarded-For', '203.0.113.10').expect(200);
    await request(behindProxy).get('/api/system/config').set('X-Forwarded-For', '203.0.113.10').expect(429);
    await request(behindProxy).get('/api/system/config').set('X-Forwarded-For', '203.0.113.11').expect(200);
  });
});

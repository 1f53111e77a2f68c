import {
  buildTestApp,
  request,
  ResponseValidator,
  runContractTour,
  TOURED_PREFIXES,
  useIntegrationContext,
  useTempDir,
  validateOpenApiDocument,
} from '../../services/api/test/contract';

describe('API contract: the OpenAPI document and the responses it describes', () => {
  const ctx = useIntegrationContext('contract-openapi');
  const media = useTempDir('contract-openapi');

  it('serves a document that a real OpenAPI 3.1 validator accepts', async () => {
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body;
    await expect(validateOpenApiDocument(document)).resolves.toBeTruthy();
    expect(document.openapi).toBe('3.1.0');
  });

  it('answers every documented resource operation with a response matching its documented schema', async () => {
    const { app, deps } = buildTestApp(ctx);
    deps.config.THUMBNAIL_DIR = `${media.path}/thumbnails`;
    const document = (await request(app).get('/openapi.json').expect(200)).body;
    const validator = new ResponseValidator(document);
    const checked = await runContractTour(app, ctx, validator, media.path);
    expect(checked).toBeGreaterThanOrEqual(55);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .filter((operation) => TOURED_PREFIXES.some((prefix) => operation.split(' ')[1].startsWith(prefix)));
    const exercised = new Set([...validator.checked].map((key) => key.split(' ').slice(0, 2).join(' ')));
    expect(documented.filter((operation) => !exercised.has(operation))).toEqual([]);
  });

  it('rejects a response that breaks its schema (the check can fail)', async () => {
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body;
    const validator = new ResponseValidator(document);
    const fake = { status: 200, headers: { 'content-type': 'application/json' }, body: { items: [{ id: 'x' }] }, text: '{}' };
    expect(() => validator.check('get', '/api/cameras', fake as never)).toThrow(/does not match/);
  });
});

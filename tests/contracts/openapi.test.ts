import {
  buildTestApp,
  request,
  ResponseValidator,
  runContractTour,
  runOpsContractTour,
  runOutageContractTour,
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

  it('answers every documented operation with a response matching its documented schema', async () => {
    const { app, deps } = buildTestApp(ctx, {}, { CAMERA_ROOT: `${media.path}/cameras`, THUMBNAIL_DIR: `${media.path}/thumbnails` });
    const document = (await request(app).get('/openapi.json').expect(200)).body;
    const validator = new ResponseValidator(document);
    let checked = await runContractTour(app, ctx, validator, media.path);
    checked += await runOpsContractTour(app, deps, ctx, validator);
    checked += await runOutageContractTour(ctx, validator);
    expect(checked).toBeGreaterThanOrEqual(100);
    // Every documented operation, whatever its path: a new route must join a tour to pass.
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    const exercised = new Set([...validator.checked].map((key) => key.split(' ').slice(0, 2).join(' ')));
    expect(documented.filter((operation) => !exercised.has(operation))).toEqual([]);
  });

  it('rejects a response that breaks its schema (the check can fail)', async () => {
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body;
    const validator = new ResponseValidator(document);
    const fake = { status: 200, headers: { 'content-type': 'application/json' }, body: { items: [{ id: 'x' }] }, text: '{}' };
    expect(() => validator.check('get', '/api/cameras', fake as never)).toThrow(/does not match/);
    const bytesWithoutBody = { status: 204, headers: { 'content-type': 'image/jpeg' }, body: Buffer.from([0xff, 0xd8]), text: undefined };
    expect(() => validator.check('delete', '/api/cameras/{id}', bytesWithoutBody as never)).toThrow(/documents no body/);
    const undocumentedStatus = { status: 418, headers: {}, body: {}, text: '' };
    expect(() => validator.check('get', '/health', undocumentedStatus as never)).toThrow(/not documented/);
  });
});

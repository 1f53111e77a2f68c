import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import createClient from 'openapi-fetch';
import ts from 'typescript';
import { cameraFactory, eventFactory } from '@secpipe/testing';
import { buildTestApp, request, useIntegrationContext, useTempDir } from '../../services/api/test/contract';
import { MISTYPED_CLIENT, TYPED_CLIENT } from './typedClientSources';

const ROOT = path.resolve(__dirname, '..', '..');

/** openapi-typescript through its CLI: its CommonJS build requires an ES module jest cannot load. */
function generateTypes(documentFile: string, out: string): void {
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [documentFile, '--output', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openapi-typescript failed: ${run.stderr}`);
}

/** Type-checks and emits the client files as a consumer's strict project would. */
function compile(dir: string, files: string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    baseUrl: ROOT,
    paths: { 'openapi-fetch': ['node_modules/openapi-fetch'] },
    skipLibCheck: true,
    outDir: path.join(dir, 'out'),
  };
  const program = ts.createProgram(files, options);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  const byFile = new Map<string, string[]>(files.map((file) => [file, []]));
  for (const diagnostic of diagnostics) {
    const file = diagnostic.file?.fileName ?? 'global';
    byFile.set(file, [...(byFile.get(file) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')]);
  }
  return byFile;
}

describe('API contract: a client generated from the document type-checks and talks to the API', () => {
  const ctx = useIntegrationContext('contract-openapi-client');
  const dir = useTempDir('contract-openapi-client');

  it('compiles typed calls, refuses mistyped ones, and the compiled calls get the documented answers', async () => {
    const camera = await cameraFactory.create(ctx.prisma, { id: 'garage', name: 'Garage', folder_path: '/c/garage' });
    const risky = await eventFactory.create(ctx.prisma, { camera_id: camera.id }, 'highRisk');
    await eventFactory.create(ctx.prisma, { camera_id: camera.id });
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body;

    writeFileSync(path.join(dir.path, 'openapi.json'), JSON.stringify(document));
    generateTypes(path.join(dir.path, 'openapi.json'), path.join(dir.path, 'schema.ts'));
    const client = path.join(dir.path, 'client.ts');
    const mistyped = path.join(dir.path, 'mistyped.ts');
    writeFileSync(client, TYPED_CLIENT);
    writeFileSync(mistyped, MISTYPED_CLIENT);
    const diagnostics = compile(dir.path, [client, mistyped]);
    expect(diagnostics.get(client)).toEqual([]);
    expect(diagnostics.get(mistyped)?.join('\n')).toMatch(/"\/api\/camera\/\{id\}"/);
    expect(diagnostics.get(mistyped)?.join('\n')).toMatch(/'string' is not assignable to type 'number'/);
    expect(diagnostics.get(mistyped)?.join('\n')).toMatch(/'string' is not assignable to type 'boolean \| undefined'/);

    const server = app.listen(0, '127.0.0.1');
    ctx.onClose(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise((resolve) => server.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { exercise } = require(path.join(dir.path, 'out', 'client.js')) as { exercise: (create: typeof createClient, url: string, id: string) => Promise<Record<string, unknown>> };
    await expect(exercise(createClient, baseUrl, camera.id)).resolves.toEqual({
      ids: [risky.id],
      total: 1,
      name: 'Garage',
      reviewed: true,
      notes: 'Checked on site',
      missing: 404,
      missingTitle: 'Not Found',
    });
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isOpenPath } from '../../services/api/src/security/exemptPaths';
import { buildTestApp, request, useIntegrationContext, useTempDir } from '../../services/api/test/contract';

const ROOT = path.resolve(__dirname, '..', '..');
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');

interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: Array<{ pointer: string }>;
}
interface LintReport {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

/** `redocly lint` as a user runs it; REDOCLY_TELEMETRY keeps it from reporting usage. */
function lint(file: string, config: string): LintReport {
  const run = spawnSync(REDOCLY, ['lint', file, '--config', config, '--format', 'json', '--max-problems', '1000'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint printed no report (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as LintReport;
}

const summary = (report: LintReport) => report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);

describe('API contract: the OpenAPI document passes redocly lint', () => {
  const ctx = useIntegrationContext('contract-openapi-lint');
  const dir = useTempDir('contract-openapi-lint');
  let file = '';
  let operations: Array<{ method: string; path: string; responses: Record<string, unknown>; operationId?: string }> = [];

  beforeAll(async () => {
    const { app } = buildTestApp(ctx);
    const document = (await request(app).get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, unknown>; operationId?: string }>> };
    file = path.join(dir.path, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    operations = Object.entries(document.paths).flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path: p, ...op })));
  });

  it('has no errors and no warnings under the project configuration (redocly.yaml)', () => {
    const report = lint(file, path.join(ROOT, 'redocly.yaml'));
    expect(summary(report)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('breaks the recommended rules only where redocly.yaml says why', () => {
    const recommended = path.join(dir.path, 'recommended.yaml');
    writeFileSync(recommended, 'extends:\n  - recommended\ntelemetry: off\n');
    const report = lint(file, recommended);
    const openProbes = operations.filter((op) => isOpenPath(op.path)).map((op) => `#/paths/${op.path.replace(/\//g, '~1')}/${op.method}/responses`);
    const explained = report.problems.filter(
      (p) =>
        (p.ruleId === 'info-license' && p.location[0].pointer === '#/info') ||
        (p.ruleId === 'no-ambiguous-paths' && /`\/api\/alerts\/rules\/\{id\}` and `\/api\/alerts\/\{id\}\/(acknowledge|dismiss)`/.test(p.message)) ||
        (p.ruleId === 'operation-4xx-response' && openProbes.includes(p.location[0].pointer)),
    );
    expect(summary({ ...report, problems: report.problems.filter((p) => !explained.includes(p)) })).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The check can fail: the two contract paths are still reported when the rule is on.
    expect(explained.filter((p) => p.ruleId === 'no-ambiguous-paths')).toHaveLength(2);
  });

  it('names every operation uniquely and documents a client error outside the open paths', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const without4xx = operations.filter((op) => !isOpenPath(op.path) && !Object.keys(op.responses).some((status) => status.startsWith('4')));
    expect(without4xx.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    expect(operations.find((op) => op.method === 'get' && op.path === '/api/cameras/{id}')?.operationId).toBe('getCamerasById');
  });
});

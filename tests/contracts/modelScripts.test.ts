import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultShapes, renderShapeImage, writeFixtureModel } from '@secpipe/testing';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const PREPARE = path.join(ROOT, 'deploy', 'models', 'prepare-models.sh');

// The model preparation script runs where the internet is; its check step (the detector's own
// loading code on one image) is what an operator runs on the server, and runs here.
describe('deploy/models scripts', () => {
  it('checks a model with the detector loading code and reports its boxes', async () => {
    const model = writeFixtureModel(mkdtempSync(path.join(tmpdir(), 'model-check-')), 'rtdetr-fixture.onnx', { family: 'detr' });
    const { stdout } = await run('bash', [PREPARE, 'check', model], { cwd: ROOT });
    const report = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(report).toMatchObject({ family: 'detr', inputWidth: 640, inputHeight: 640, image: 'generated shapes' });
    const truth = (await renderShapeImage({ width: 1280, height: 720, shapes: defaultShapes(1280, 720, [2, 9]), seed: 1 })).boxes;
    for (const box of truth) {
      const found = report.detections.find((d: { class: string }) => d.class === box.className);
      expect(Math.abs(found.bbox.x - box.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(found.bbox.width - box.width)).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it('fails with one line for a missing model, and prints its usage without a step', async () => {
    await expect(run('bash', [PREPARE, 'check', '/nonexistent/model.onnx'], { cwd: ROOT })).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^model check failed: detection model not found/) });
    const usage = await run('bash', [PREPARE]).catch((error: { code: number; stdout: string }) => error);
    expect(usage).toMatchObject({ code: 2, stdout: expect.stringContaining('prepare-models.sh nemotron <huggingface-repo> <file.gguf>') });
    await expect(run('bash', ['-n', PREPARE])).resolves.toBeDefined();
  });
});

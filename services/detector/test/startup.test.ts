import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('detector startup', () => {
  it('exits 1 with one line naming the expected model path and how to provide it', () => {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['services/detector/src/main.ts'], {
      cwd: root,
      env: { ...process.env, DETECTOR_MODEL_PATH: '/nonexistent/models/rtdetrv2.onnx', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/detection model not found at \/nonexistent\/models\/rtdetrv2\.onnx .*deploy\/models\/README\.md/);
  });

  it('exits 1 listing bad configuration keys', () => {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['services/detector/src/main.ts'], {
      cwd: root,
      env: { ...process.env, DETECTOR_DEVICE: 'tpu', DETECTOR_MAX_BATCH: 'lots' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DETECTOR_DEVICE: must be auto, cpu or cuda/);
    expect(result.stderr).toMatch(/DETECTOR_MAX_BATCH: must be a number/);
  });
});

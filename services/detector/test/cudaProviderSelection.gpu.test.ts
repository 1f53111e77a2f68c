/** @jest-environment ./test/support/nativeArraysEnvironment.ts */
import { existsSync, writeFileSync } from 'node:fs';
import { buildFixtureModel } from '@secpipe/testing';
import { cudaProviderLibraryPath, probeGpu } from '../src/model/executionProvider';
import { loadModel } from '../src/model/loadModel';
import { silentLogger, tempDir } from './support/fixtureDetector';

// GPU-marked: the CUDA execution provider can only be exercised where an NVIDIA GPU is visible
// and onnxruntime's CUDA provider library is installed (deploy/Dockerfile.detector-gpu does that;
// the library comes from NuGet at install time, so offline machines never have it). Elsewhere
// the test is skipped, and the selection and fallback logic is covered by
// src/model/executionProvider.test.ts and the CPU-fallback test in fixtureModelDetection.test.ts.
const probe = probeGpu();
const runsHere = probe.gpuVisible && probe.cudaProviderInstalled;
const why = !probe.gpuVisible
  ? 'no NVIDIA GPU visible (/dev/nvidiactl absent)'
  : `onnxruntime CUDA provider not installed at ${cudaProviderLibraryPath()}`;
const gpuIt = runsHere ? it : it.skip;
if (!runsHere) console.warn(`CUDA provider test skipped: ${why}`);

describe(`CUDA execution provider [gpu]${runsHere ? '' : ` (skipped: ${why})`}`, () => {
  // What this checks is the provider selection on a real GPU, not numerical agreement: no box is
  // compared with the CPU provider here (CPU decoding is covered by fixtureModelDetection.test.ts).
  gpuIt('selects the CUDA provider on auto when a GPU and the CUDA provider library are present', async () => {
    const temp = tempDir('gpu');
    const file = `${temp.dir}/rtdetr.onnx`;
    writeFileSync(file, buildFixtureModel({ family: 'detr', width: 320, height: 320 }));
    const gpu = await loadModel({ modelPath: file, device: 'auto', fallbackInputSize: 640, logger: silentLogger() });
    try {
      expect(existsSync(cudaProviderLibraryPath())).toBe(true);
      expect(gpu.provider).toBe('cuda');
      expect(gpu.providerReason).toMatch(/GPU and CUDA provider present/);
    } finally {
      await gpu.session.release();
      temp.remove();
    }
  });
});

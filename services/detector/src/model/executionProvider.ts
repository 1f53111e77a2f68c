import { existsSync } from 'node:fs';
import path from 'node:path';

export type DeviceSetting = 'auto' | 'cpu' | 'cuda';
export type ExecutionProvider = 'cuda' | 'cpu';

/** What the machine offers: a visible NVIDIA GPU, and onnxruntime's CUDA provider library. */
export interface GpuProbe {
  gpuVisible: boolean;
  cudaProviderInstalled: boolean;
}

export interface ProviderChoice {
  provider: ExecutionProvider;
  reason: string;
}

const INSTALL_HINT = 'install it as deploy/Dockerfile.detector-gpu does';

/** Decides the execution provider from DETECTOR_DEVICE and the probe; always says why. */
export function chooseExecutionProvider(device: DeviceSetting, probe: GpuProbe): ProviderChoice {
  if (device === 'cpu') return { provider: 'cpu', reason: 'DETECTOR_DEVICE=cpu' };
  const missing = [
    !probe.gpuVisible && 'no NVIDIA GPU is visible (/dev/nvidiactl absent)',
    !probe.cudaProviderInstalled && `the onnxruntime CUDA provider library is not installed (${INSTALL_HINT})`,
  ].filter((m): m is string => Boolean(m));
  if (missing.length === 0) return { provider: 'cuda', reason: `DETECTOR_DEVICE=${device}: GPU and CUDA provider present` };
  const prefix = device === 'cuda' ? 'DETECTOR_DEVICE=cuda requested but' : 'DETECTOR_DEVICE=auto and';
  return { provider: 'cpu', reason: `${prefix} ${missing.join(' and ')}; using CPU` };
}

/** Where onnxruntime-node looks for its CUDA provider (next to its native binding). */
export function cudaProviderLibraryPath(): string {
  const root = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(root, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
}

export function probeGpu(): GpuProbe {
  return {
    gpuVisible: existsSync('/dev/nvidiactl') || existsSync('/dev/nvidia0'),
    cudaProviderInstalled: existsSync(cudaProviderLibraryPath()),
  };
}

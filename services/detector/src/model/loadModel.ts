import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InferenceSession } from './onnxRuntime';
import type { Logger } from '@secpipe/core';
import { chooseExecutionProvider, probeGpu, type DeviceSetting, type ExecutionProvider, type GpuProbe } from './executionProvider';
import { classNamesFrom, readModelMetadata } from './modelMetadata';
import { readSignature, type ModelSignature } from './modelSignature';

/** A loaded model: the session plus everything read from the file at load time. */
export interface LoadedModel {
  name: string;
  path: string;
  session: InferenceSession;
  signature: ModelSignature;
  classNames: readonly string[];
  classNamesSource: 'metadata' | 'coco80';
  provider: ExecutionProvider;
  providerReason: string;
}

/** The model file is missing or unreadable: the service cannot start (exit 1, one line). */
export class ModelUnavailableError extends Error {
  constructor(modelPath: string, cause: unknown) {
    const why = (cause as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'not found' : 'unreadable';
    super(
      `detection model ${why} at ${path.resolve(modelPath)} (DETECTOR_MODEL_PATH): export RT-DETRv2 or D-FINE to ONNX ` +
        'as described in deploy/models/README.md and put the file there, or point DETECTOR_MODEL_PATH at it',
      { cause },
    );
    this.name = 'ModelUnavailableError';
  }
}

export interface LoadModelSettings {
  modelPath: string;
  device: DeviceSetting;
  fallbackInputSize: number;
  logger: Logger;
  /** Injected in tests; the real probe looks for /dev/nvidiactl and the CUDA provider library. */
  probe?: GpuProbe;
}

async function createSession(bytes: Uint8Array, provider: ExecutionProvider): Promise<InferenceSession> {
  return InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all' });
}

const ESCAPE = String.fromCharCode(27);

/** onnxruntime's errors carry its coloured native log after the first part, which says what failed. */
function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].split(ESCAPE)[0].trim();
}

export async function loadModel(settings: LoadModelSettings): Promise<LoadedModel> {
  const { modelPath, device, logger } = settings;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (error) {
    throw new ModelUnavailableError(modelPath, error);
  }
  const choice = chooseExecutionProvider(device, settings.probe ?? probeGpu());
  let { provider, reason } = choice;
  let session: InferenceSession;
  try {
    session = await createSession(bytes, provider);
  } catch (error) {
    if (provider === 'cpu') throw error;
    // The CUDA provider can still fail to initialise (driver/CUDA mismatch): keep serving on CPU.
    reason = `CUDA provider failed to initialise (${firstLine(error)}); using CPU`;
    provider = 'cpu';
    session = await createSession(bytes, provider);
  }
  const signature = readSignature(session.inputMetadata, session.outputMetadata, settings.fallbackInputSize);
  const { names, source } = classNamesFrom(readModelMetadata(bytes).properties);
  const name = path.basename(modelPath);
  logger.info(
    { model: name, provider, provider_reason: reason, family: signature.family, input: [signature.inputWidth, signature.inputHeight], dynamic_batch: signature.dynamicBatch, class_names: source },
    'detection model loaded',
  );
  return { name, path: modelPath, session, signature, classNames: names, classNamesSource: source, provider, providerReason: reason };
}

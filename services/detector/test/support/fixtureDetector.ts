import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '@secpipe/core';
import { writeFixtureModel, type FixtureModelOptions } from '@secpipe/testing';
import { ObjectDetector, type ObjectDetectorSettings } from '../../src/inference/objectDetector';
import { loadModel, type LoadedModel } from '../../src/model/loadModel';
import { computeGeometry, type ResizeMode } from '../../src/preprocess/letterbox';

export const silentLogger = (): Logger => createLogger({ service: 'detector-test', level: 'silent' });

/** A temp directory for one test file's models and images, removed by `remove()`. */
export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `detector-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let modelCount = 0;

/** Generates a fixture model into `dir` and loads it on CPU. */
export async function loadFixtureModel(dir: string, options: FixtureModelOptions): Promise<LoadedModel> {
  modelCount += 1;
  const file = writeFixtureModel(dir, `${options.family}-${modelCount}.onnx`, options);
  return loadModel({ modelPath: file, device: 'cpu', fallbackInputSize: 640, logger: silentLogger() });
}

export const DEFAULT_SETTINGS: ObjectDetectorSettings = { maxBatch: 8, maxWaitMs: 2, resize: 'auto', minScore: 0.5, iouThreshold: 0.45 };

export async function fixtureDetector(dir: string, options: FixtureModelOptions, settings: Partial<ObjectDetectorSettings> = {}): Promise<ObjectDetector> {
  return new ObjectDetector(await loadFixtureModel(dir, options), { ...DEFAULT_SETTINGS, ...settings });
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Grid (per axis) on which shape edges land on whole model pixels after the model's resize.
 * The fixture model is exact to the model pixel, so on this grid its boxes are exact.
 */
export function snapFor(width: number, height: number, inputSize: number, mode: ResizeMode): [number, number] {
  const g = computeGeometry(width, height, inputSize, inputSize, mode);
  return [width / gcd(width, g.resizedWidth), height / gcd(height, g.resizedHeight)];
}

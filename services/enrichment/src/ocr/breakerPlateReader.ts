import type { BreakerRegistry } from '@secpipe/core';
import type { OcrEngine } from './ocrEngine';
import type { PlateReader } from './plateStep';
import { plateFromLines } from './plateText';

export interface BreakerPlateReaderSettings {
  timeoutMs: number;
  /** Lines read with less confidence are not taken for a plate. */
  minConfidence?: number;
}

/**
 * The OCR engine behind an opossum breaker (kit.breakers, reported in the heartbeat): a model
 * that keeps failing or hanging is skipped for a while instead of slowing every image. An open
 * breaker makes the plate step fail fast, and the other steps and the batch go on.
 */
export function breakerPlateReader(engine: Pick<OcrEngine, 'read'>, breakers: Pick<BreakerRegistry, 'create'>, settings: BreakerPlateReaderSettings): PlateReader {
  const breaker = breakers.create('ocr', (crop: Buffer) => engine.read(crop), { timeoutMs: settings.timeoutMs, failureThreshold: 5, resetTimeoutMs: 30_000 });
  return {
    async read(crop) {
      return plateFromLines(await breaker.fire(crop), settings.minConfidence ?? 0.5);
    },
  };
}

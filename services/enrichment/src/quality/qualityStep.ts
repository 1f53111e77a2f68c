import type { EnrichmentData } from '@secpipe/core';
import type { EnrichmentStep, StepInput, StepOutcome } from '../steps/enrichmentStep';
import { measurePreviewQuality, QUALITY_SAMPLE_WIDTH } from './imageQuality';

export interface QualityThresholds {
  /** Blur variance below this is blurry (QUALITY_BLUR_THRESHOLD, default 100). */
  blurVariance: number;
  /** Mean brightness below this is dark (QUALITY_DARK_THRESHOLD, default 40). */
  darkBrightness: number;
}

/** The image's blur and brightness, recorded on each of its detections. */
export class QualityStep implements EnrichmentStep {
  readonly name = 'quality' as const;

  constructor(private readonly thresholds: QualityThresholds) {}

  async run(input: StepInput): Promise<StepOutcome> {
    const measured = measurePreviewQuality(await input.frame.preview(QUALITY_SAMPLE_WIDTH));
    const quality: EnrichmentData['quality'] = {
      ...measured,
      is_blurry: measured.blur_variance < this.thresholds.blurVariance,
      is_dark: measured.brightness < this.thresholds.darkBrightness,
    };
    return { status: 'ok', parts: new Map(input.detections.map((d) => [d.id, { quality }])) };
  }
}

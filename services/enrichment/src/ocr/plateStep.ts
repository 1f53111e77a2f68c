import sharp from 'sharp';
import { VEHICLE_CLASSES, type EnrichmentData } from '@secpipe/core';
import type { DetectionRow } from '../detections/detectionRepository';
import { skipped, type EnrichmentStep, type StepInput, type StepOutcome } from '../steps/enrichmentStep';

/** Reads a plate off one vehicle crop (the real adapter wraps the OCR engine in a breaker). */
export interface PlateReader {
  read(crop: Buffer): Promise<{ text: string; confidence: number } | null>;
}

export interface PlateStepSettings {
  /** OCR_MIN_BOX_PX: smaller vehicles have unreadable plates; not worth 0.3 s of CPU. */
  minBoxPx: number;
}

const VEHICLES = new Set<string>(VEHICLE_CLASSES);

/** Licence plates of the image's vehicles above a minimum size; other detections are left out. */
export class PlateStep implements EnrichmentStep {
  readonly name = 'plate' as const;

  constructor(
    private readonly reader: PlateReader | null,
    private readonly settings: PlateStepSettings,
    private readonly disabledReason = 'OCR disabled',
  ) {}

  async run(input: StepInput): Promise<StepOutcome> {
    if (!this.reader) return skipped(this.disabledReason);
    const vehicles = input.detections.filter((d) => VEHICLES.has(d.object_type) && d.bbox_width >= this.settings.minBoxPx && d.bbox_height >= this.settings.minBoxPx && !input.so_far.get(d.id)?.filtered);
    if (vehicles.length === 0) return skipped('no vehicle large enough to read');
    const bytes = await input.frame.bytes();
    const parts = new Map<number, Partial<EnrichmentData>>();
    for (const vehicle of vehicles) parts.set(vehicle.id, { plate: await this.reader.read(await crop(bytes, vehicle)) });
    return { status: 'ok', parts };
  }
}

/** The vehicle's box, clamped to the (upright) image, as a PNG: lossless, so small plate text survives. */
async function crop(bytes: Buffer, d: DetectionRow): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const sideways = (meta.orientation ?? 1) >= 5;
  const width = (sideways ? meta.height : meta.width) ?? 0;
  const height = (sideways ? meta.width : meta.height) ?? 0;
  const left = Math.max(0, Math.min(d.bbox_x, width - 1));
  const top = Math.max(0, Math.min(d.bbox_y, height - 1));
  return sharp(bytes)
    .autoOrient()
    .extract({ left, top, width: Math.max(1, Math.min(d.bbox_width, width - left)), height: Math.max(1, Math.min(d.bbox_height, height - top)) })
    .png()
    .toBuffer();
}

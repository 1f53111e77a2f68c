import sharp, { type Metadata } from 'sharp';

export interface DecodeResult {
  decoded: boolean;
  /** What the header says, when it could be read (`gif`, `webp`... are not uploads we take). */
  format?: string;
  width?: number;
  height?: number;
  error?: string;
}

/** Decodes image bytes all the way through; the real one is sharp (libvips). */
export interface ImageDecoder {
  /**
   * `strict`: any decoder warning (such as "premature end of data segment" in a JPEG that was
   * cut mid-transfer but happens to end in FF D9) counts as a failure. Used for the fast path,
   * where a false "complete" would enqueue half an image.
   */
  decode(bytes: Buffer, options: { strict: boolean }): Promise<DecodeResult>;
}

/** Small enough that JPEG shrink-on-load skips most of the IDCT work, yet every byte is read. */
const PROBE_SIZE = 64;

export class SharpImageDecoder implements ImageDecoder {
  constructor(private readonly maxPixels = 268_402_689) {}

  async decode(bytes: Buffer, { strict }: { strict: boolean }): Promise<DecodeResult> {
    let header: Metadata;
    try {
      header = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      return { decoded: false, error: (error as Error).message };
    }
    const { format, width, height } = header;
    if (format !== 'jpeg' && format !== 'png') return { decoded: false, format, width, height, error: 'not a JPEG or PNG' };
    try {
      await sharp(bytes, { failOn: strict ? 'warning' : 'truncated', limitInputPixels: this.maxPixels })
        .resize(PROBE_SIZE, PROBE_SIZE, { fit: 'inside' })
        .raw()
        .toBuffer();
      return { decoded: true, format, width, height };
    } catch (error) {
      return { decoded: false, format, width, height, error: (error as Error).message };
    }
  }
}

import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

export interface FrameSize {
  width: number;
  height: number;
}

/** Decoded RGB pixels of a downscaled, upright copy. */
export interface RawPreview {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** Decodes a JPEG/PNG once into an upright RGB copy `width` pixels wide (JPEG shrink-on-load keeps it cheap). */
export async function decodePreview(bytes: Buffer, width: number): Promise<RawPreview> {
  const { data, info } = await sharp(bytes, { failOn: 'none' }).autoOrient().resize({ width }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * The uploaded image, read and decoded at most once per job however many steps ask for it. A
 * vanished or unreadable file makes the steps that need pixels fail; the others go on.
 */
export class ImageFrame {
  private bytesPromise: Promise<Buffer> | undefined;
  private sizePromise: Promise<FrameSize> | undefined;
  private readonly previews = new Map<number, Promise<RawPreview>>();

  constructor(
    readonly filePath: string,
    private readonly known?: Partial<FrameSize>,
  ) {}

  bytes(): Promise<Buffer> {
    this.bytesPromise ??= readFile(this.filePath);
    return this.bytesPromise;
  }

  /**
   * A decoded copy `width` pixels wide, shared by the steps that ask for the same width: the
   * quality measure and the thumbnail both use 320, so the JPEG is decoded once per image.
   */
  preview(width: number): Promise<RawPreview> {
    let preview = this.previews.get(width);
    if (!preview) {
      preview = this.bytes().then((bytes) => decodePreview(bytes, width));
      this.previews.set(width, preview);
    }
    return preview;
  }

  /** The image size: from the detector's record when it has one, else from the file. */
  size(): Promise<FrameSize> {
    const { width, height } = this.known ?? {};
    if (width && height) return Promise.resolve({ width, height });
    this.sizePromise ??= this.bytes().then(async (bytes) => {
      const meta = await sharp(bytes).rotate().metadata();
      return { width: meta.autoOrient?.width ?? meta.width ?? 0, height: meta.autoOrient?.height ?? meta.height ?? 0 };
    });
    return this.sizePromise;
  }
}

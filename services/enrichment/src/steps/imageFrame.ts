import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The uploaded image, read and decoded at most once per job however many steps ask for it. A
 * vanished or unreadable file makes the steps that need pixels fail; the others go on.
 */
export class ImageFrame {
  private bytesPromise: Promise<Buffer> | undefined;
  private sizePromise: Promise<FrameSize> | undefined;

  constructor(
    readonly filePath: string,
    private readonly known?: Partial<FrameSize>,
  ) {}

  bytes(): Promise<Buffer> {
    this.bytesPromise ??= readFile(this.filePath);
    return this.bytesPromise;
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

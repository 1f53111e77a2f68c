import { readFile } from 'node:fs/promises';
import { PermanentError } from '@secpipe/core';

/** Reads uploaded images. */
export interface ImageSource {
  read(filePath: string): Promise<Buffer>;
}

/** Gone before the detector got to it (deleted, retention ran): a retry cannot bring it back. */
export class ImageVanishedError extends PermanentError {
  constructor(filePath: string, cause: unknown) {
    super(`image vanished before detection: ${filePath}`, 'image_missing', { cause });
    this.name = 'ImageVanishedError';
  }
}

const GONE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

export const fileImageSource: ImageSource = {
  async read(filePath) {
    try {
      return await readFile(filePath);
    } catch (error) {
      if (GONE.has((error as NodeJS.ErrnoException).code ?? '')) throw new ImageVanishedError(filePath, error);
      throw error;
    }
  },
};

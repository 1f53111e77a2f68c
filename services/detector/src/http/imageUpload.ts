import type { Request } from 'express';
import multer from 'multer';
import { HttpError } from './httpErrors';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_BATCH_IMAGES = 32;

/** Multipart parsing in memory, 10 MB per file (larger: 413). */
export const uploads = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMAGE_BYTES, files: MAX_BATCH_IMAGES } });

function decodeBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || value.length === 0) throw new HttpError(422, `${field} must be a non-empty base64 string`);
  // Accept data URLs as browsers produce them.
  const bytes = Buffer.from(value.replace(/^data:[^,]*,/, ''), 'base64');
  if (bytes.length === 0) throw new HttpError(422, `${field} is not valid base64`);
  if (bytes.length > MAX_IMAGE_BYTES) throw new HttpError(413, 'image larger than 10 MB');
  return bytes;
}

const jsonBody = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

/** The image of a `/detect` request: multipart field `file`, or JSON `image_base64`. */
export function singleImage(req: Request): Buffer {
  if (req.file) return req.file.buffer;
  if (req.is('application/json')) return decodeBase64(jsonBody(req).image_base64, 'image_base64');
  throw new HttpError(400, 'send the image as multipart field "file" or JSON {"image_base64": ...}');
}

/** The images of a `/detect/batch` request: multipart fields `files`, or JSON `images` (base64). */
export function batchImages(req: Request): Buffer[] {
  const files = Array.isArray(req.files) ? req.files : [];
  if (files.length > 0) return files.map((f) => f.buffer);
  if (req.is('application/json')) {
    const images = jsonBody(req).images;
    if (!Array.isArray(images) || images.length === 0) throw new HttpError(422, 'images must be a non-empty array of base64 strings');
    if (images.length > MAX_BATCH_IMAGES) throw new HttpError(422, `at most ${MAX_BATCH_IMAGES} images per batch`);
    return images.map((image, i) => decodeBase64(image, `images[${i}]`));
  }
  throw new HttpError(400, 'send the images as multipart fields "files" or JSON {"images": [base64, ...]}');
}

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { isFile } from './sendFile';
import type { DetectionRow } from '../schemas/detections';

/** The longest edge of a boxed thumbnail, in pixels. */
export const THUMBNAIL_MAX_EDGE = 640;

/** The fields of a stored detection that drawing its box needs. */
export type BoxedDetection = Pick<
  DetectionRow,
  'id' | 'file_path' | 'object_type' | 'confidence' | 'bbox_x' | 'bbox_y' | 'bbox_width' | 'bbox_height'
>;

export interface BoxedImage {
  path: string;
  /** False when this request drew it, true when it came from the cache. */
  cached: boolean;
}

export function boxedImagePath(thumbnailDir: string, detectionId: number): string {
  return path.join(thumbnailDir, `detection_${detectionId}_boxed.jpg`);
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG overlay the size of the thumbnail: the box, and the label on a filled tab above it. */
function overlaySvg(detection: BoxedDetection, width: number, height: number, scale: number): Buffer {
  const x = Math.round(detection.bbox_x * scale);
  const y = Math.round(detection.bbox_y * scale);
  const w = Math.max(1, Math.round(detection.bbox_width * scale));
  const h = Math.max(1, Math.round(detection.bbox_height * scale));
  const label = escapeXml(`${detection.object_type} ${Math.round(detection.confidence * 100)}%`);
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 30));
  const tabHeight = fontSize + 6;
  const tabY = y >= tabHeight ? y - tabHeight : y;
  const tabWidth = Math.round(label.length * fontSize * 0.62) + 8;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#FF3B30" stroke-width="3"/>` +
      `<rect x="${x}" y="${tabY}" width="${tabWidth}" height="${tabHeight}" fill="#FF3B30"/>` +
      `<text x="${x + 4}" y="${tabY + fontSize}" font-family="sans-serif" font-size="${fontSize}" fill="#FFFFFF">${label}</text>` +
      `</svg>`,
  );
}

/** Size of the image once EXIF orientation is applied, and of its thumbnail. */
async function thumbnailGeometry(filePath: string) {
  const metadata = await sharp(filePath).metadata();
  const rotated = (metadata.orientation ?? 1) >= 5;
  const width = (rotated ? metadata.height : metadata.width) ?? THUMBNAIL_MAX_EDGE;
  const height = (rotated ? metadata.width : metadata.height) ?? THUMBNAIL_MAX_EDGE;
  const scale = Math.min(1, THUMBNAIL_MAX_EDGE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

async function drawBoxedImage(detection: BoxedDetection, target: string): Promise<void> {
  const { width, height, scale } = await thumbnailGeometry(detection.file_path);
  // Written under a unique name and renamed into place, so concurrent first requests never
  // serve a half-written file.
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // sharp composites over the resized image, so the overlay is drawn at thumbnail scale.
    await sharp(detection.file_path, { failOn: 'none' })
      .autoOrient()
      .resize({ width, height, fit: 'fill' })
      .composite([{ input: overlaySvg(detection, width, height, scale), top: 0, left: 0 }])
      .jpeg({ quality: 82, mozjpeg: true })
      .toFile(temporary);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * The detection's image with its box and label drawn, made on first request and cached under
 * the thumbnail folder. Returns null when the original image is gone.
 */
export async function boxedDetectionImage(detection: BoxedDetection, thumbnailDir: string): Promise<BoxedImage | null> {
  const target = boxedImagePath(thumbnailDir, detection.id);
  if (await isFile(target)) return { path: target, cached: true };
  if (!(await isFile(detection.file_path))) return null;
  await mkdir(thumbnailDir, { recursive: true });
  await drawBoxedImage(detection, target);
  return { path: target, cached: false };
}

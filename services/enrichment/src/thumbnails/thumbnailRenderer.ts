import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { DetectionRow } from '../detections/detectionRepository';
import type { ThumbnailMaker } from '../pipeline/enrichmentJobHandler';
import type { ImageFrame } from '../steps/imageFrame';
import { classColour } from './classColours';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Boxes and labels for every detection of the image, drawn at thumbnail scale. */
export function overlaySvg(detections: DetectionRow[], width: number, height: number, scale: number): Buffer {
  const fontSize = Math.max(10, Math.round(width / 28));
  const shapes = detections.map((d) => {
    const colour = classColour(d.object_type);
    const x = Math.round(d.bbox_x * scale);
    const y = Math.round(d.bbox_y * scale);
    const w = Math.max(1, Math.round(d.bbox_width * scale));
    const h = Math.max(1, Math.round(d.bbox_height * scale));
    const label = escapeXml(`${d.object_type} ${Math.round(d.confidence * 100)}%`);
    const tabHeight = fontSize + 4;
    const tabY = y >= tabHeight ? y - tabHeight : y;
    const tabWidth = Math.round(label.length * fontSize * 0.6) + 6;
    return (
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${colour}" stroke-width="2"/>` +
      `<rect x="${x}" y="${tabY}" width="${tabWidth}" height="${tabHeight}" fill="${colour}"/>` +
      `<text x="${x + 3}" y="${tabY + fontSize}" font-family="sans-serif" font-size="${fontSize}" fill="#FFFFFF">${label}</text>`
    );
  });
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`);
}

/**
 * One JPEG per image (THUMBNAIL_WIDTH wide, every box and label drawn, a colour per class) in
 * THUMBNAIL_DIR, named after the camera and the image's first detection, so a redelivery
 * rewrites the same file. Its absolute path goes to `detections.thumbnail_path`, which the API
 * streams for /api/detections/{id}/thumbnail; the file name alone serves /api/media/thumbnails/{file}.
 */
export class ThumbnailRenderer implements ThumbnailMaker {
  constructor(
    private readonly dir: string,
    private readonly width = 320,
  ) {}

  async render(frame: ImageFrame, detections: DetectionRow[], cameraId: string): Promise<Map<number, string>> {
    const size = await frame.size();
    const scale = this.width / size.width;
    // The decoded copy the quality step used too (same width): no second JPEG decode.
    const preview = await frame.preview(this.width);
    const { width, height } = preview;
    const target = path.resolve(this.dir, `${cameraId}_${detections[0].id}.jpg`);
    await mkdir(path.dirname(target), { recursive: true });
    // Written under a unique name and renamed into place: a reader never sees half a file.
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await sharp(preview.data, { raw: { width, height, channels: preview.channels as 3 } })
        .composite([{ input: overlaySvg(detections, width, height, scale), top: 0, left: 0 }])
        .jpeg({ quality: 80, mozjpeg: true })
        .toFile(temporary);
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    return new Map(detections.map((d) => [d.id, target]));
  }
}

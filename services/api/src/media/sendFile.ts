import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { HttpError } from '../http/problem';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.mov': 'video/quicktime',
};

export const VIDEO_CONTENT_TYPES = ['video/mp4', 'video/webm', 'video/x-matroska', 'video/x-msvideo', 'video/quicktime'];

export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `filePath` names a regular file we can read. */
export async function isFile(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * Streams a stored media file. The path comes from the database, never from the request; a
 * missing file is a 404 whose detail does not reveal where we looked.
 */
export async function streamFile(res: Response, filePath: string, cacheControl: string, what = 'Media file'): Promise<void> {
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) throw new HttpError(404, 'Not Found', `${what} not found`);
  res.status(200);
  res.setHeader('Content-Type', contentTypeFor(filePath));
  res.setHeader('Content-Length', String(info.size));
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Last-Modified', info.mtime.toUTCString());
  await pipeline(createReadStream(filePath), res);
}

/**
 * Sends a file through express's `res.sendFile` (the `send` package), which answers HTTP range
 * requests itself: `Accept-Ranges: bytes`, 206 with `Content-Range` for a satisfiable range
 * (first bytes, a middle range, a suffix `bytes=-N`), conditional GETs with ETag and
 * Last-Modified. An unsatisfiable range comes back as an error carrying status 416 (the
 * `Content-Range` header naming the file's size is already set), answered here as an empty 416.
 * A client that goes away mid-file is not an error.
 */
export function sendRangedFile(res: Response, absolutePath: string, contentType: string, cacheControl: string): Promise<void> {
  res.setHeader('Cache-Control', cacheControl);
  return new Promise<void>((resolve, reject) => {
    res.sendFile(absolutePath, { dotfiles: 'allow', headers: { 'Content-Type': contentType } }, (error?: Error & { status?: number; code?: string }) => {
      if (!error) return resolve();
      if (error.status === 416) {
        res.status(416).end();
        return resolve();
      }
      if (error.code === 'ECONNABORTED' || res.headersSent) return resolve();
      reject(error);
    });
  });
}

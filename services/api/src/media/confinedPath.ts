import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** Media types the API serves, by extension; anything else is refused. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  mov: 'video/quicktime',
};

export const isVideoType = (contentType: string): boolean => contentType.startsWith('video/');

export type MediaRefusal = { kind: 'forbidden'; error: string } | { kind: 'not_found' };
export type MediaResolution = { kind: 'file'; absolutePath: string; contentType: string } | MediaRefusal;

const TRAVERSAL = 'Path traversal not allowed';

/**
 * Checks the requested relative path before touching the disk. The router has decoded it once,
 * so any `%` left means double encoding; backslashes, NUL, absolute paths, drive letters and
 * dot segments (`..`, and hidden files) are refused outright rather than normalised away.
 */
export function refuseUnsafeRelativePath(relative: string): MediaRefusal | null {
  if (relative.length === 0 || relative.length > 1024) return { kind: 'forbidden', error: TRAVERSAL };
  if (/[%\\\0]/.test(relative) || path.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return { kind: 'forbidden', error: TRAVERSAL };
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return { kind: 'forbidden', error: TRAVERSAL };
  const extension = path.extname(relative).slice(1).toLowerCase();
  if (!(extension in MEDIA_TYPES)) return { kind: 'forbidden', error: 'File type not allowed' };
  return null;
}

function isInside(base: string, candidate: string): boolean {
  const relative = path.relative(base, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Resolves `relative` inside `baseDir`, following symlinks on both sides: a link that points
 * outside the base folder is refused even though its own name looks harmless.
 */
export async function resolveConfinedMedia(baseDir: string, relative: string): Promise<MediaResolution> {
  const refusal = refuseUnsafeRelativePath(relative);
  if (refusal) return refusal;
  let realBase: string;
  try {
    realBase = await realpath(baseDir);
  } catch {
    return { kind: 'not_found' };
  }
  const candidate = path.resolve(realBase, relative);
  if (!isInside(realBase, candidate)) return { kind: 'forbidden', error: TRAVERSAL };
  let realFile: string;
  try {
    realFile = await realpath(candidate);
  } catch {
    return { kind: 'not_found' };
  }
  if (!isInside(realBase, realFile)) return { kind: 'forbidden', error: TRAVERSAL };
  const contentType = MEDIA_TYPES[path.extname(realFile).slice(1).toLowerCase()];
  if (!contentType) return { kind: 'forbidden', error: 'File type not allowed' };
  return { kind: 'file', absolutePath: realFile, contentType };
}

/**
 * A path stored in the database (a detection's clip), served only while it lies inside
 * `baseDir` (CAMERA_ROOT) once symlinks are followed: a row that names another place on disk,
 * by mistake or by a write that should not have happened, does not widen what the API serves.
 */
export async function resolveStoredMedia(baseDir: string, storedPath: string): Promise<MediaResolution> {
  const relative = path.relative(path.resolve(baseDir), path.resolve(storedPath));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { kind: 'forbidden', error: TRAVERSAL };
  return resolveConfinedMedia(baseDir, relative.split(path.sep).join('/'));
}

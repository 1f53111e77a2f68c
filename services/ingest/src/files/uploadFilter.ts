import path from 'node:path';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/**
 * Only `.jpg`, `.jpeg` and `.png` (any case) are uploads. Temp files of FTP/SMB servers
 * (`.part`, `.tmp`, `.filepart`, `x.jpg.part`) fail the extension test; hidden files are skipped
 * too (hidden folders such as `.Trash` are pruned by the watcher and the rescan).
 */
export function isImageUpload(filePath: string): boolean {
  if (isHiddenPath(filePath)) return false;
  return IMAGE_EXTENSIONS.has(path.extname(filePath).toLowerCase());
}

/** A path whose own name starts with a dot (used by the watcher to skip whole hidden trees). */
export function isHiddenPath(filePath: string): boolean {
  return path.basename(filePath).startsWith('.');
}

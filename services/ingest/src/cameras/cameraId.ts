import path from 'node:path';
import { cameraIdFromName } from '@secpipe/core';

export interface CameraFolder {
  cameraId: string;
  /** The folder name as the camera created it (the camera's display name). */
  folderName: string;
  /** Absolute path of the camera's folder. */
  folderPath: string;
}

/**
 * The camera of an upload is the first folder below the root, however deep the file is
 * (`porch/2024/12/26/a.jpg` -> porch). Files directly in the root, outside it, or in a folder
 * whose name normalises to nothing belong to no camera.
 */
export function cameraFolderOf(root: string, filePath: string): CameraFolder | undefined {
  const relative = path.relative(root, filePath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.split(path.sep);
  if (parts.length < 2) return undefined;
  const folderName = parts[0];
  const cameraId = cameraIdFromName(folderName);
  if (!cameraId) return undefined;
  return { cameraId, folderName, folderPath: path.join(root, folderName) };
}

import path from 'node:path';

/**
 * "Front Door" -> `front_door`: lower case, runs of spaces, hyphens and dots become one `_`,
 * anything else outside [a-z0-9_] is dropped. Matches the catalog's camera id pattern.
 */
export function normaliseCameraId(folderName: string): string {
  return folderName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\s.-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 100);
}

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
  const cameraId = normaliseCameraId(folderName);
  if (!cameraId) return undefined;
  return { cameraId, folderName, folderPath: path.join(root, folderName) };
}

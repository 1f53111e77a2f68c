import { z } from 'zod';

/** The longest camera id (the `cameras.id` column is VARCHAR(100)). */
export const CAMERA_ID_MAX_LENGTH = 100;
export const CAMERA_ID_PATTERN = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

/** Letters NFKD does not decompose into a base letter plus marks. */
const TRANSLITERATIONS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * The one camera-id rule (CONTRACT.md "Camera"), used by ingest for upload folders, by the API
 * for registered cameras and by the test factories: accents folded (NFKD), lower case, each run
 * of spaces, hyphens and dots to one `_`, other characters dropped, runs of `_` collapsed and
 * trimmed at both ends. "Front Door" -> front_door, "Garage.Cam-2" -> garage_cam_2, "Café" -> cafe.
 * Returns '' for a name with no letter or digit (such a folder names no camera).
 */
export function cameraIdFromName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (letter) => TRANSLITERATIONS[letter] ?? '');
  const id = folded
    .replace(/[\s.-]+/g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return id.slice(0, CAMERA_ID_MAX_LENGTH).replace(/_$/, '');
}

/** The camera id of a folder path: the rule applied to its last segment. */
export function cameraIdFromFolderPath(folderPath: string): string {
  const folder = folderPath.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  return cameraIdFromName(folder);
}

export const cameraIdSchema = z.string().max(CAMERA_ID_MAX_LENGTH).regex(CAMERA_ID_PATTERN, 'must be a normalised camera id (see the camera-id rule)');

import path from 'node:path';

/**
 * Where ingest keeps the frames it took from an uploaded clip, and where the API finds a clip's
 * first frame (its thumbnail): `<clip's folder>/.frames/<clip name>.<first 16 hex of its SHA-256>/`
 * with `frame_0001.jpg`, `frame_0002.jpg`... and a `frames.json` manifest written last. Beside the
 * clip, so frames stay inside the camera folder; hidden, so they are never taken for uploads; per
 * content, so a clip uploaded again under its name with other bytes does not overwrite frames
 * older detections point to.
 */
export const CLIP_FRAMES_FOLDER = '.frames';
export const CLIP_FRAMES_MANIFEST = 'frames.json';

export function clipFrameName(index: number): string {
  return `frame_${String(index + 1).padStart(4, '0')}.jpg`;
}

export function clipFramesFolder(video: string, videoHash: string): string {
  return path.join(path.dirname(video), CLIP_FRAMES_FOLDER, `${path.basename(video)}.${videoHash.slice(0, 16)}`);
}

/** True when `folderName` (a name inside `.frames`) holds frames of a clip named `videoName`. */
export function isClipFramesFolderOf(folderName: string, videoName: string): boolean {
  return folderName.startsWith(`${videoName}.`) && /^[0-9a-f]{16}$/.test(folderName.slice(videoName.length + 1));
}

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CLIP_FRAMES_FOLDER, clipFrameName, isClipFramesFolderOf } from '@secpipe/core';
import { isFile } from './sendFile';

/**
 * A clip's thumbnail: the first frame ingest extracted from it (libs/core `clipFramesFolder`).
 * When the clip was uploaded more than once under its name with other bytes, the newest
 * extraction is the one that matches the file there now. Null before ingest has extracted it,
 * or when ingest rejected it.
 */
export async function clipThumbnail(video: string): Promise<string | null> {
  const framesRoot = path.join(path.dirname(video), CLIP_FRAMES_FOLDER);
  const names = (await readdir(framesRoot).catch(() => [] as string[])).filter((name) => isClipFramesFolderOf(name, path.basename(video)));
  const folders = await Promise.all(
    names.map(async (name) => ({ folder: path.join(framesRoot, name), mtimeMs: (await stat(path.join(framesRoot, name)).catch(() => null))?.mtimeMs ?? -1 })),
  );
  for (const { folder } of folders.sort((a, b) => b.mtimeMs - a.mtimeMs)) {
    const first = path.join(folder, clipFrameName(0));
    if (await isFile(first)) return first;
  }
  return null;
}

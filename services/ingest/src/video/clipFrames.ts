import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLIP_FRAMES_MANIFEST, clipFramesFolder } from '@secpipe/core';
import type { Extraction, ExtractedFrame, FrameExtractor, FrameSampling } from './frameExtractor';

async function readManifest(folder: string): Promise<ExtractedFrame[] | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, CLIP_FRAMES_MANIFEST), 'utf8')) as { frames?: ExtractedFrame[] };
    return Array.isArray(manifest.frames) && manifest.frames.length > 0 ? manifest.frames : undefined;
  } catch {
    return undefined;
  }
}

/** Scratch folders a crashed extraction of this clip left (one path is followed by one task at a time). */
async function removeScratchFolders(folder: string): Promise<void> {
  const prefix = `${path.basename(folder)}.tmp-`;
  const siblings = await readdir(path.dirname(folder)).catch(() => [] as string[]);
  await Promise.all(siblings.filter((name) => name.startsWith(prefix)).map((name) => rm(path.join(path.dirname(folder), name), { recursive: true, force: true })));
}

/**
 * The clip's frames, extracted at most once per content: into a scratch folder that is renamed
 * into place only after its manifest is written, so a crash mid-extraction leaves no folder that
 * looks complete, and the upload (its watermark held back until its jobs are queued) is
 * extracted again by the next start's rescan. A folder already complete is reused as it is.
 */
export async function extractClipFrames(
  video: string,
  videoHash: string,
  extractor: FrameExtractor,
  sampling: FrameSampling,
  durationSeconds: number | null,
): Promise<Extraction & { folder: string }> {
  const folder = clipFramesFolder(video, videoHash);
  const existing = await readManifest(folder);
  if (existing) return { ok: true, frames: existing, folder };
  await removeScratchFolders(folder);
  const scratch = `${folder}.tmp-${randomBytes(6).toString('hex')}`;
  await mkdir(scratch, { recursive: true });
  try {
    const extraction = await extractor.extract(video, scratch, sampling, durationSeconds);
    if (!extraction.ok) return { ...extraction, folder };
    await writeFile(path.join(scratch, CLIP_FRAMES_MANIFEST), JSON.stringify({ video: path.basename(video), sha256: videoHash, frames: extraction.frames }));
    await rm(folder, { recursive: true, force: true }); // an incomplete folder from an older layout or a lost race
    await rename(scratch, folder);
    return { ...extraction, folder };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

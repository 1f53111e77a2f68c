import path from 'node:path';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/** Containers taken by default (`VIDEO_EXTENSIONS`); each is probed before it is accepted. */
export const DEFAULT_VIDEO_EXTENSIONS = ['.mp4', '.mkv', '.avi', '.mov'] as const;

export type UploadKind = 'image' | 'video';

/**
 * Which files are uploads: `.jpg`, `.jpeg` and `.png` are images, the `VIDEO_EXTENSIONS` are
 * clips (any case). Temp files of FTP/SMB servers (`.part`, `.tmp`, `.filepart`, `x.mp4.part`)
 * fail the extension test; hidden files are skipped too (hidden folders such as `.Trash`, and
 * the `.frames` folders ingest writes extracted frames into, are pruned by the watcher and the rescan).
 */
export class UploadFilter {
  private readonly videoExtensions: ReadonlySet<string>;

  constructor(videoExtensions: readonly string[] = DEFAULT_VIDEO_EXTENSIONS) {
    this.videoExtensions = new Set(videoExtensions.map((ext) => ext.toLowerCase()));
  }

  kindOf(filePath: string): UploadKind | undefined {
    if (isHiddenPath(filePath)) return undefined;
    const extension = path.extname(filePath).toLowerCase();
    if (IMAGE_EXTENSIONS.has(extension)) return 'image';
    if (this.videoExtensions.has(extension)) return 'video';
    return undefined;
  }

  accepts(filePath: string): boolean {
    return this.kindOf(filePath) !== undefined;
  }
}

/** A path whose own name starts with a dot (used by the watcher to skip whole hidden trees). */
export function isHiddenPath(filePath: string): boolean {
  return path.basename(filePath).startsWith('.');
}

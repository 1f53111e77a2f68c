import { mkdir, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHiddenPath, UploadFilter } from './uploadFilter';

export interface FileState {
  size: number;
  mtimeMs: number;
}

export interface FileSnapshot extends FileState {
  bytes: Buffer;
}

/** The file system as the ingest service uses it. */
export interface UploadFiles {
  ensureDirectory(dir: string): Promise<void>;
  /** Undefined when the file is gone (moved away, deleted by the camera). */
  stat(file: string): Promise<FileState | undefined>;
  read(file: string): Promise<FileSnapshot | undefined>;
  /** Camera folders directly below the root (hidden ones skipped). */
  listFolders(root: string): Promise<string[]>;
  /** Every upload below `dir`, at any depth, hidden folders pruned. */
  listUploads(dir: string): AsyncIterable<string>;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class NodeUploadFiles implements UploadFiles {
  constructor(private readonly uploads = new UploadFilter()) {}

  async ensureDirectory(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
  }

  async stat(file: string): Promise<FileState | undefined> {
    try {
      const info = await stat(file);
      return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(file: string): Promise<FileSnapshot | undefined> {
    try {
      const handle = await open(file, 'r');
      try {
        const info = await handle.stat();
        const bytes = await handle.readFile();
        // The byte count read is the size that matters; the file may have grown since fstat.
        return { size: bytes.length, mtimeMs: info.mtimeMs, bytes };
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async listFolders(root: string): Promise<string[]> {
    const entries = await readdir(root, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !isHiddenPath(e.name)).map((e) => path.join(root, e.name));
  }

  async *listUploads(dir: string): AsyncIterable<string> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (isHiddenPath(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* this.listUploads(full);
      else if (entry.isFile() && this.uploads.accepts(full)) yield full;
    }
  }
}

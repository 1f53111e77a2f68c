import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { isHiddenPath, isImageUpload } from '../files/uploadFilter';

export interface WatchSettings {
  root: string;
  /** Polling for NFS/SMB mounts, where native events do not arrive. */
  usePolling: boolean;
  pollIntervalMs: number;
}

export type FileEventKind = 'add' | 'change';

export interface WatchHandlers {
  onFile: (file: string, kind: FileEventKind) => void;
  onError: (error: unknown) => void;
  /** Events were lost (kernel queue overflow): only a rescan can tell what happened. */
  onGap: () => void;
}

/** Reports every created or changed upload below a root, recursively. */
export interface FolderWatcher {
  start(handlers: WatchHandlers): Promise<void>;
  isRunning(): boolean;
  close(): Promise<void>;
}

/**
 * Chokidar, used for polling (NFS/SMB mounts deliver no native events). Native events go through
 * DirectoryTreeWatcher, see there why.
 */
export class ChokidarFolderWatcher implements FolderWatcher {
  private watcher: FSWatcher | undefined;
  private running = false;

  constructor(private readonly settings: WatchSettings) {}

  async start({ onFile, onError }: WatchHandlers): Promise<void> {
    const { root, usePolling, pollIntervalMs } = this.settings;
    // Existing files are found by the rescan (filtered by watermark), not by a flood of initial events.
    const watcher = watch(root, {
      ignoreInitial: true,
      usePolling,
      interval: pollIntervalMs,
      binaryInterval: pollIntervalMs,
      ignored: (file: string, stats?: Stats) =>
        (file !== root && isHiddenPath(file)) || (stats?.isFile() === true && !isImageUpload(file)),
    });
    this.watcher = watcher;
    watcher.on('add', (file) => onFile(file, 'add'));
    watcher.on('change', (file) => onFile(file, 'change'));
    watcher.on('error', onError);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.running = true;
  }

  isRunning(): boolean {
    return this.running;
  }

  async close(): Promise<void> {
    this.running = false;
    await this.watcher?.close();
    this.watcher = undefined;
  }
}

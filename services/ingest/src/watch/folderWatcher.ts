import { watch, type FSWatcher } from 'chokidar';
import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHiddenPath, UploadFilter } from '../files/uploadFilter';

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
  /** Starts watching; a root that cannot be watched is reported by `failure()`, not thrown. */
  start(handlers: WatchHandlers): Promise<void>;
  /** Watching the root now: false before start, after close and after the root's watch failed. */
  isRunning(): boolean;
  /** Why the root is not watched (missing, unreadable, its watch failed); undefined while fine. */
  failure(): string | undefined;
  close(): Promise<void>;
}

/**
 * Chokidar, used for polling (NFS/SMB mounts deliver no native events). Native events go through
 * DirectoryTreeWatcher, see there why.
 */
export class ChokidarFolderWatcher implements FolderWatcher {
  private watcher: FSWatcher | undefined;
  private running = false;
  private failed: string | undefined;
  private rootCheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: WatchSettings,
    private readonly uploads = new UploadFilter(),
  ) {}

  private fail(reason: string): void {
    this.failed ??= reason;
    this.running = false;
    clearInterval(this.rootCheck);
  }

  async start({ onFile, onError }: WatchHandlers): Promise<void> {
    const { root, usePolling, pollIntervalMs } = this.settings;
    // Existing files are found by the rescan (filtered by watermark), not by a flood of initial events.
    const watcher = watch(root, {
      ignoreInitial: true,
      usePolling,
      interval: pollIntervalMs,
      binaryInterval: pollIntervalMs,
      ignored: (file: string, stats?: Stats) =>
        (file !== root && isHiddenPath(file)) || (stats?.isFile() === true && !this.uploads.accepts(file)),
    });
    this.watcher = watcher;
    watcher.on('add', (file) => onFile(file, 'add'));
    watcher.on('change', (file) => onFile(file, 'change'));
    watcher.on('unlinkDir', (dir) => {
      if (path.resolve(dir) === root) this.fail(`${root} was removed`);
    });
    watcher.on('error', (error) => {
      // An error on the root (unreadable, gone) means nothing below it is watched any more.
      const where = (error as NodeJS.ErrnoException).path;
      if (where === undefined || path.resolve(where) === root) this.fail(`watching ${root} failed: ${(error as Error).message}`);
      onError(error);
    });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    const readable = await access(root, constants.R_OK | constants.X_OK).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => `${root} cannot be read (${error.code ?? error.message})`,
    );
    if (readable) return this.fail(readable);
    if (this.failed) return;
    this.running = true;
    // Polling chokidar (4.0.3) emits nothing when the polled root itself disappears (an unmounted
    // share, a deleted folder): checked here, the root is stat'ed on the poll interval too.
    this.rootCheck = setInterval(() => void this.checkRoot(), pollIntervalMs);
    this.rootCheck.unref();
  }

  private async checkRoot(): Promise<void> {
    const { root } = this.settings;
    try {
      if (!(await stat(root)).isDirectory()) this.fail(`${root} is no longer a directory`);
    } catch (error) {
      this.fail(`${root} is gone (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  isRunning(): boolean {
    return this.running;
  }

  failure(): string | undefined {
    return this.failed;
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.rootCheck);
    await this.watcher?.close();
    this.watcher = undefined;
  }
}

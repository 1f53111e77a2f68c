import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHiddenPath, UploadFilter } from '../files/uploadFilter';
import type { FileEventKind, FolderWatcher, WatchHandlers } from './folderWatcher';

function describe(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Native events with one inotify watch per directory (not per file), each event handled by its
 * file name alone. Why not chokidar here: on every event chokidar re-reads the whole directory
 * and lstat's each entry (throttled per directory), and it holds a watch per file. Camera folders
 * only grow, and measured on this machine at 100 uploads/s that put 71 ms (p50) / 263 ms (p99)
 * between a finished write and its `add` event in empty folders, 1.2 s (p99) with 2,000 older
 * files per folder. This watcher reports within a millisecond at any folder size. Chokidar still
 * does polling (FILE_WATCHER_POLLING) for NFS/SMB mounts, where inotify sees nothing.
 */
export class DirectoryTreeWatcher implements FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private handlers: WatchHandlers | undefined;
  private running = false;
  private closed = false;
  private failed: string | undefined;

  constructor(
    private readonly root: string,
    private readonly uploads = new UploadFilter(),
  ) {}

  async start(handlers: WatchHandlers): Promise<void> {
    this.handlers = handlers;
    try {
      await this.watchTree(this.root, false);
    } catch (error) {
      return this.fail(`${this.root} cannot be watched (${describe(error)})`);
    }
    if (!this.watchers.has(this.root)) return this.fail(`${this.root} does not exist`);
    this.running = true;
  }

  isRunning(): boolean {
    return this.running;
  }

  failure(): string | undefined {
    return this.failed;
  }

  /** The root's own watch is gone: nothing below it is seen any more until a restart. */
  private fail(reason: string): void {
    this.failed ??= reason;
    this.running = false;
  }

  /** Watches `dir` and every folder below it; `announce` reports uploads already inside (a new folder). */
  private async watchTree(dir: string, announce: boolean): Promise<void> {
    if (this.closed || this.watchers.has(dir)) return;
    try {
      const watcher = watch(dir, { persistent: true }, (_event, name) => this.onEvent(dir, name));
      watcher.on('error', (error) => this.onWatchError(dir, error));
      this.watchers.set(dir, watcher);
      const entries = await readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        if (isHiddenPath(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await this.watchTree(full, announce);
        else if (announce && entry.isFile() && this.uploads.accepts(full)) this.emit(full, 'add');
      }
    } catch (error) {
      this.unwatch(dir);
      if (!isMissing(error)) throw error;
    }
  }

  private onEvent(dir: string, name: string | Buffer | null): void {
    if (name === null) {
      // The kernel's event queue overflowed: events were lost, the rescan finds what they held.
      this.handlers?.onGap();
      return;
    }
    const entry = name.toString();
    if (isHiddenPath(entry)) return;
    const full = path.join(dir, entry);
    if (this.uploads.accepts(full)) return this.emit(full, 'change');
    // Anything else may be a folder that was created, moved in or removed.
    stat(full).then(
      (info) => (info.isDirectory() ? this.watchTree(full, true) : undefined),
      () => {
        this.unwatchBelow(full);
        // Deleting or moving the watched root arrives as an event on the root itself.
        if (dir === this.root) return this.checkRoot();
      },
    ).catch((error: unknown) => this.handlers?.onError(error));
  }

  private emit(file: string, kind: FileEventKind): void {
    this.handlers?.onFile(file, kind);
  }

  private async checkRoot(): Promise<void> {
    try {
      if (!(await stat(this.root)).isDirectory()) this.fail(`${this.root} is no longer a directory`);
    } catch (error) {
      this.fail(`${this.root} is gone (${describe(error)})`);
    }
  }

  private onWatchError(dir: string, error: unknown): void {
    this.unwatchBelow(dir);
    if (dir === this.root && !this.closed) this.fail(`watching ${this.root} failed (${describe(error)})`);
    if (!isMissing(error)) this.handlers?.onError(error);
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  private unwatchBelow(dir: string): void {
    for (const watched of [...this.watchers.keys()]) {
      if (watched === dir || watched.startsWith(`${dir}${path.sep}`)) this.unwatch(watched);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.running = false;
    for (const dir of [...this.watchers.keys()]) this.unwatch(dir);
  }
}

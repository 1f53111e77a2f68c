import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '@secpipe/testing';
import { DirectoryTreeWatcher } from './directoryTreeWatcher';

describe('DirectoryTreeWatcher', () => {
  let root: string;
  let watcher: DirectoryTreeWatcher;
  let seen: Set<string>;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tree-watch-'));
    await mkdir(path.join(root, 'existing'));
    seen = new Set();
    watcher = new DirectoryTreeWatcher(root);
    await watcher.start({ onFile: (file) => seen.add(file), onError: (error) => { throw error; }, onGap: () => undefined });
  });
  afterEach(async () => {
    await watcher.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reports uploads in existing folders and ignores other files', async () => {
    await writeFile(path.join(root, 'existing', 'note.txt'), 'x');
    await writeFile(path.join(root, 'existing', '.hidden.jpg'), 'x');
    await writeFile(path.join(root, 'existing', 'a.jpg'), 'x');
    await waitFor(() => seen.has(path.join(root, 'existing', 'a.jpg')), { what: 'a.jpg' });
    expect([...seen]).toEqual([path.join(root, 'existing', 'a.jpg')]);
  });

  it('follows folders created (or moved in) later, including uploads already inside them', async () => {
    const staged = await mkdtemp(path.join(tmpdir(), 'tree-staged-'));
    await mkdir(path.join(staged, 'x', 'y'), { recursive: true });
    await writeFile(path.join(staged, 'x', 'y', 'moved.png'), 'x');
    await rename(staged, path.join(root, 'moved'));
    await mkdir(path.join(root, 'new', '2024', '12'), { recursive: true });
    await writeFile(path.join(root, 'new', '2024', '12', 'b.JPG'), 'x');
    await waitFor(() => seen.has(path.join(root, 'moved', 'x', 'y', 'moved.png')), { what: 'the moved-in upload' });
    await waitFor(() => seen.has(path.join(root, 'new', '2024', '12', 'b.JPG')), { what: 'the nested upload' });
  });

  it('stops watching folders that are removed, and keeps reporting elsewhere', async () => {
    await mkdir(path.join(root, 'gone'));
    await writeFile(path.join(root, 'gone', 'c.jpg'), 'x');
    await waitFor(() => seen.has(path.join(root, 'gone', 'c.jpg')), { what: 'c.jpg' });
    await rm(path.join(root, 'gone'), { recursive: true });
    await writeFile(path.join(root, 'existing', 'd.jpeg'), 'x');
    await waitFor(() => seen.has(path.join(root, 'existing', 'd.jpeg')), { what: 'd.jpeg' });
    expect(watcher.isRunning()).toBe(true);
  });
});

import type { FileSnapshot, UploadFiles } from '../files/uploadFiles';
import { endMarkerState } from '../images/endMarker';
import type { DecodeResult, ImageDecoder } from '../images/imageDecoder';
import type { ConcurrencyLimit } from './concurrencyLimit';
import type { Wakeup } from './wakeup';

export type Completion =
  /** Ends with its end marker and decodes strictly: accepted the moment it landed. */
  | { kind: 'complete'; snapshot: FileSnapshot; decoded: DecodeResult; at: number }
  /** Size unchanged for the stability window: final, whatever it holds. */
  | { kind: 'stable'; snapshot: FileSnapshot; at: number }
  /** Still changing when the timeout ran out. */
  | { kind: 'incomplete'; snapshot: FileSnapshot | undefined; at: number }
  | { kind: 'vanished' }
  | { kind: 'abandoned' };

export interface CompletionSettings {
  stabilityMs: number;
  timeoutMs: number;
  pollMs: number;
}

export interface CompletionDeps {
  files: UploadFiles;
  decoder: ImageDecoder;
  /** Bound file reads and decodes in flight; waiting between looks holds no slot. */
  readLimit: ConcurrencyLimit;
  decodeLimit: ConcurrencyLimit;
  /** The upload's arrival number: earlier uploads get the slots first. */
  priority: number;
  now: () => number;
  wakeup: Wakeup;
  /** Called with the latest mtime so the watermark stays below files still in flight. */
  onObserved: (mtimeMs: number) => void;
  isClosing: () => boolean;
  /**
   * Follow the size and mtime only, never reading the bytes (clips: tens of MB, and no end
   * marker to look for); the snapshot's `bytes` is then empty and the upload is final once stable.
   */
  sizeOnly?: boolean;
}

const NO_BYTES = Buffer.alloc(0);

type Look = { result: Completion } | { changed: boolean; snapshot: FileSnapshot | undefined };

async function lookOnce(file: string, last: FileSnapshot | undefined, deps: CompletionDeps): Promise<Look> {
  const { files, readLimit, decodeLimit, priority } = deps;
  const state = await readLimit.run(() => files.stat(file), priority);
  if (!state) return { result: { kind: 'vanished' } };
  if (last && state.size === last.size && state.mtimeMs === last.mtimeMs) return { changed: false, snapshot: last };
  const snapshot = deps.sizeOnly ? { ...state, bytes: NO_BYTES } : await readLimit.run(() => files.read(file), priority);
  if (!snapshot) return { result: { kind: 'vanished' } };
  deps.onObserved(snapshot.mtimeMs);
  if (!deps.sizeOnly && endMarkerState(snapshot.bytes) === 'complete') {
    const decoded = await decodeLimit.run(() => deps.decoder.decode(snapshot.bytes, { strict: true }), priority);
    if (decoded.decoded) return { result: { kind: 'complete', snapshot, decoded, at: deps.now() } };
  }
  return { changed: true, snapshot };
}

/**
 * Resolves as soon as an upload is complete: at once when its bytes end with the format's end
 * marker and decode, otherwise when its size has been stable for `stabilityMs`. No fixed wait:
 * FTP servers write in chunks, and a peer's fixed 2 s sleep is latency every upload pays.
 */
export async function awaitCompleteUpload(file: string, settings: CompletionSettings, deps: CompletionDeps): Promise<Completion> {
  const startedAt = deps.now();
  let snapshot: FileSnapshot | undefined;
  let changedAt = startedAt;
  for (;;) {
    if (deps.isClosing()) return { kind: 'abandoned' };
    const look = await lookOnce(file, snapshot, deps);
    if ('result' in look) return look.result;
    const now = deps.now();
    if (look.changed) changedAt = now;
    snapshot = look.snapshot;
    if (snapshot && !look.changed && now - changedAt >= settings.stabilityMs) return { kind: 'stable', snapshot, at: now };
    if (now - startedAt >= settings.timeoutMs) return { kind: 'incomplete', snapshot, at: now };
    await deps.wakeup.wait(Math.min(settings.pollMs, Math.max(1, settings.stabilityMs - (now - changedAt))));
  }
}

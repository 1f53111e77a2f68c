interface CameraMarks {
  /** Uploads noticed but not finished, with the newest mtime seen so far. */
  inFlight: Map<string, number>;
  handledMax: number | undefined;
}

/**
 * Per camera, the newest mtime that is safe to persist as the rescan watermark: the newest
 * handled upload, but never at or past an upload still in flight (waiting to complete, or
 * parked while Redis is down). A crash then loses nothing: the rescan on start finds every
 * upload that was in flight, because its mtime is above the persisted watermark.
 */
export class WatermarkTracker {
  private readonly cameras = new Map<string, CameraMarks>();

  private marks(cameraId: string): CameraMarks {
    let marks = this.cameras.get(cameraId);
    if (!marks) {
      marks = { inFlight: new Map(), handledMax: undefined };
      this.cameras.set(cameraId, marks);
    }
    return marks;
  }

  /** Unknown mtime (not yet stat'ed) holds the watermark back entirely. */
  begin(cameraId: string, file: string, mtimeMs = Number.NEGATIVE_INFINITY): void {
    this.marks(cameraId).inFlight.set(file, mtimeMs);
  }

  observe(cameraId: string, file: string, mtimeMs: number): void {
    const { inFlight } = this.marks(cameraId);
    if (inFlight.has(file)) inFlight.set(file, mtimeMs);
  }

  /** Handled (enqueued, skipped or rejected); `mtimeMs` undefined for a file that vanished. */
  finish(cameraId: string, file: string, mtimeMs?: number): void {
    const marks = this.marks(cameraId);
    marks.inFlight.delete(file);
    if (mtimeMs !== undefined) marks.handledMax = Math.max(marks.handledMax ?? mtimeMs, mtimeMs);
  }

  /** Whole milliseconds, rounded down: the column has millisecond precision and rescans use `>`. */
  safeWatermark(cameraId: string): number | undefined {
    const marks = this.cameras.get(cameraId);
    if (!marks || marks.handledMax === undefined) return undefined;
    let safe = marks.handledMax;
    for (const mtime of marks.inFlight.values()) safe = Math.min(safe, mtime - 1);
    return Number.isFinite(safe) ? Math.floor(safe) : undefined;
  }

  cameraIds(): string[] {
    return [...this.cameras.keys()];
  }
}

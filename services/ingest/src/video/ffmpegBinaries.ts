import { execFile } from 'node:child_process';

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

/**
 * ffmpeg and ffprobe: `FFMPEG_PATH` / `FFPROBE_PATH` when set (a system build, e.g. Debian's
 * `ffmpeg` package), else the static linux/macOS/windows builds shipped inside the npm packages
 * `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`, which install offline (no download
 * at install or run time). Loaded lazily: the packages throw on a platform they have no build for.
 */
export function resolveFfmpegBinaries(overrides: { ffmpegPath?: string; ffprobePath?: string } = {}): FfmpegBinaries {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose, see above */
  return {
    ffmpeg: overrides.ffmpegPath ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path,
    ffprobe: overrides.ffprobePath ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

export interface ToolRun {
  /** Exit code; null when the process was killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Output larger than this is a runaway process, not a probe or a frame list. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Runs ffmpeg or ffprobe with a timeout (SIGKILL: a wedged decoder ignores SIGTERM). Never rejects for a non-zero exit. */
export function runTool(binary: string, args: string[], timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') return reject(error); // ENOENT, EACCES: the binary itself is missing
      const killed = !!error?.killed;
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code: killed ? null : code, stdout, stderr, timedOut: killed });
    });
  });
}

/**
 * Whether both binaries run (`-version`): the reason they do not, or undefined. Checked once at
 * boot so a missing or wrong FFMPEG_PATH/FFPROBE_PATH shows in health, not only per clip.
 */
export async function ffmpegProblem(binaries: FfmpegBinaries, timeoutMs = 10_000): Promise<string | undefined> {
  for (const [name, binary] of Object.entries(binaries)) {
    try {
      const run = await runTool(binary, ['-version'], timeoutMs);
      if (run.code !== 0) return `${name} at ${binary} exited with ${run.timedOut ? 'a timeout' : `code ${run.code}`}`;
    } catch (error) {
      return `${name} at ${binary} cannot run: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
  }
  return undefined;
}

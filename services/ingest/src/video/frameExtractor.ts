import path from 'node:path';
import { clipFrameName } from '@secpipe/core';
import type { FfmpegBinaries } from './ffmpegBinaries';
import { runTool } from './ffmpegBinaries';

export interface FrameSampling {
  /** A frame every this many seconds after the first (`VIDEO_FRAME_INTERVAL_SECONDS`). */
  intervalSeconds: number;
  /** At most this many frames, the first included (`VIDEO_MAX_FRAMES`). */
  maxFrames: number;
}

export interface ExtractedFrame {
  /** File name inside the folder the frames were written to. */
  name: string;
  /** Seconds from the clip's first frame. */
  offsetSeconds: number;
}

export type Extraction = { ok: true; frames: ExtractedFrame[] } | { ok: false; detail: string };

/** Writes sampled frames of a clip as JPEGs into a folder. */
export interface FrameExtractor {
  extract(video: string, outDir: string, sampling: FrameSampling): Promise<Extraction>;
}

/**
 * The first frame, then the first frame at least `interval` after the previously taken one:
 * frames at 0, 4, 8 s of a 12 s clip (a frame at 12 s would lie past its end). The millisecond
 * of slack keeps a frame whose timestamp lands a rounding error short of the interval.
 */
export function selectFilter({ intervalSeconds }: FrameSampling): string {
  return `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${(intervalSeconds - 0.001).toFixed(3)})',showinfo`;
}

const PTS_TIME = /\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/;
/** What ffmpeg says when it reaches the end of a cut-off file (MP4 with its index first, MKV, AVI). */
const TRUNCATED = /partial file|truncat|end of file|Invalid NAL unit size|error while decoding/i;

/**
 * ffmpeg with a `select` filter: one process decodes the clip once, and `showinfo` reports each
 * taken frame's timestamp. JPEG quality 2 (of 31): the frames are the detector's input, so
 * compression must not move a box edge.
 */
export class FfmpegFrameExtractor implements FrameExtractor {
  constructor(
    private readonly binaries: FfmpegBinaries,
    private readonly timeoutMs: number,
  ) {}

  async extract(video: string, outDir: string, sampling: FrameSampling): Promise<Extraction> {
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'level+info', '-i', video, '-map', '0:v:0', '-vf', selectFilter(sampling)];
    args.push('-vsync', 'vfr', '-frames:v', String(sampling.maxFrames), '-q:v', '2', '-y', path.join(outDir, 'frame_%04d.jpg'));
    const run = await runTool(this.binaries.ffmpeg, args, this.timeoutMs);
    if (run.timedOut) return { ok: false, detail: `ffmpeg timed out after ${this.timeoutMs} ms` };
    const problems = run.stderr.split('\n').filter((line) => /\[(error|fatal|panic)\]/.test(line) || TRUNCATED.test(line));
    if (run.code !== 0) return { ok: false, detail: problems[0]?.trim() ?? `ffmpeg exited with ${run.code}` };
    if (problems.some((line) => TRUNCATED.test(line))) return { ok: false, detail: problems.find((line) => TRUNCATED.test(line))!.trim() };
    const times = run.stderr
      .split('\n')
      .filter((line) => line.includes('Parsed_showinfo'))
      .map((line) => PTS_TIME.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .slice(0, sampling.maxFrames);
    if (times.length === 0) return { ok: false, detail: 'no frame decoded' };
    const start = times[0];
    return {
      ok: true,
      frames: times.map((time, i) => ({ name: clipFrameName(i), offsetSeconds: Math.round((time - start) * 1000) / 1000 })),
    };
  }
}

import { readdir } from 'node:fs/promises';
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
  /** `durationSeconds` from the probe; null when the container does not say. */
  extract(video: string, outDir: string, sampling: FrameSampling, durationSeconds: number | null): Promise<Extraction>;
}

/**
 * Frames are not asked for in the last half second: the container's duration runs to the end of
 * the last frame, so a time there may have no frame at or after it in a clip that is whole.
 */
const END_MARGIN_SECONDS = 0.5;

/** 0, interval, 2 x interval... before the end, at most `maxFrames` (the first always). */
export function plannedOffsets({ intervalSeconds, maxFrames }: FrameSampling, durationSeconds: number): number[] {
  const offsets = [0];
  for (let k = 1; offsets.length < maxFrames; k += 1) {
    const offset = Math.round(k * intervalSeconds * 1000) / 1000;
    if (offset >= durationSeconds - END_MARGIN_SECONDS) break;
    offsets.push(offset);
  }
  return offsets;
}

/**
 * The first frame, then the first frame at least `interval` after the previously taken one:
 * frames at 0, 4, 8 s of a 12 s clip (a frame at 12 s would lie past its end). The millisecond
 * of slack keeps a frame whose timestamp lands a rounding error short of the interval.
 */
export function selectFilter({ intervalSeconds }: FrameSampling): string {
  return `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${(intervalSeconds - 0.001).toFixed(3)})',showinfo`;
}

const firstLine = (text: string): string | undefined => text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300);

const PTS_TIME = /\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/;
/** What ffmpeg says when it reaches the end of a cut-off file (MP4 with its index first, MKV, AVI). */
const TRUNCATED = /partial file|truncat|end of file|Invalid NAL unit size|error while decoding/i;

const JPEG_OUT = ['-frames:v', '1', '-q:v', '2'];

/**
 * One ffmpeg process per clip. With the duration known, one input per frame, each opened at its
 * time (`-ss` before `-i`: ffmpeg seeks to the keyframe before it and decodes from there to the
 * first frame at or after the time), so only the frames from the keyframe before each sample are
 * decoded, not the whole clip: 15 frames of a 60 s 1080p camera clip (keyframe every 2 s) in 1.3 s
 * instead of 2.6 s on a 2-core machine (tests/benchmarks/video.bench.ts). A frame that
 * does not come out means the data ends before the duration the header claims: a cut-off upload.
 * Without a duration, a `select` filter decodes the clip once (selectFilter). JPEG quality 2 (of
 * 31): the frames are the detector's input, so compression must not move a box edge.
 */
export class FfmpegFrameExtractor implements FrameExtractor {
  constructor(
    private readonly binaries: FfmpegBinaries,
    private readonly timeoutMs: number,
  ) {}

  async extract(video: string, outDir: string, sampling: FrameSampling, durationSeconds: number | null): Promise<Extraction> {
    if (durationSeconds === null) return this.extractBySelect(video, outDir, sampling);
    const offsets = plannedOffsets(sampling, durationSeconds);
    const inputs = offsets.flatMap((offset) => ['-ss', offset.toFixed(3), '-i', video]);
    const outputs = offsets.flatMap((_, i) => ['-map', `${i}:v:0`, ...JPEG_OUT, path.join(outDir, clipFrameName(i))]);
    const run = await runTool(this.binaries.ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', ...inputs, ...outputs, '-y'], this.timeoutMs);
    if (run.timedOut) return { ok: false, detail: `ffmpeg timed out after ${this.timeoutMs} ms` };
    if (run.code !== 0) return { ok: false, detail: firstLine(run.stderr) ?? `ffmpeg exited with ${run.code}` };
    const written = new Set(await readdir(outDir));
    const missing = offsets.findIndex((_, i) => !written.has(clipFrameName(i)));
    if (missing >= 0) return { ok: false, detail: `no frame at ${offsets[missing]} s of a clip said to last ${durationSeconds} s: ${firstLine(run.stderr) ?? 'data ends early'}` };
    return { ok: true, frames: offsets.map((offsetSeconds, i) => ({ name: clipFrameName(i), offsetSeconds })) };
  }

  private async extractBySelect(video: string, outDir: string, sampling: FrameSampling): Promise<Extraction> {
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'level+info', '-i', video, '-map', '0:v:0', '-vf', selectFilter(sampling)];
    args.push('-vsync', 'vfr', '-frames:v', String(sampling.maxFrames), '-q:v', '2', '-y', path.join(outDir, 'frame_%04d.jpg')); // = clipFrameName(i)
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

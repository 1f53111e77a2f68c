import type { FfmpegBinaries } from './ffmpegBinaries';
import { runTool } from './ffmpegBinaries';

export interface VideoInfo {
  /** Seconds; null when the container does not say (some raw streams). */
  durationSeconds: number | null;
  codec: string;
  width: number;
  height: number;
}

export type ProbeResult =
  | { readable: true; info: VideoInfo }
  /** `no_video`: a readable container without a video stream (audio only). */
  | { readable: false; problem: 'unreadable' | 'no_video'; detail: string };

/** Reads what a clip is without decoding it. */
export interface VideoProbe {
  probe(file: string): Promise<ProbeResult>;
}

interface FfprobeOutput {
  streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number }>;
  format?: { duration?: string };
}

function firstErrorLine(stderr: string): string {
  return stderr.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? 'ffprobe failed';
}

/**
 * ffprobe on the file. A clip cut off mid-upload is caught here in the common case: MP4/MOV
 * writers put the index (`moov`) at the end, so a truncated file has none ("moov atom not found").
 * A truncated file whose index came first is caught by the frame extraction instead.
 */
export class FfprobeVideoProbe implements VideoProbe {
  constructor(
    private readonly binaries: FfmpegBinaries,
    private readonly timeoutMs: number,
  ) {}

  async probe(file: string): Promise<ProbeResult> {
    const args = ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height', file];
    const run = await runTool(this.binaries.ffprobe, args, this.timeoutMs);
    if (run.timedOut) return { readable: false, problem: 'unreadable', detail: `ffprobe timed out after ${this.timeoutMs} ms` };
    if (run.code !== 0) return { readable: false, problem: 'unreadable', detail: firstErrorLine(run.stderr) };
    let output: FfprobeOutput;
    try {
      output = JSON.parse(run.stdout) as FfprobeOutput;
    } catch {
      return { readable: false, problem: 'unreadable', detail: 'ffprobe printed no JSON' };
    }
    const video = output.streams?.find((s) => s.codec_type === 'video' && s.width && s.height);
    if (!video) return { readable: false, problem: 'no_video', detail: 'no video stream' };
    const duration = Number(output.format?.duration);
    return {
      readable: true,
      info: {
        durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
        codec: (video.codec_name ?? 'unknown').slice(0, 30),
        width: video.width!,
        height: video.height!,
      },
    };
  }
}

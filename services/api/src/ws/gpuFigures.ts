import type { Heartbeat } from '@secpipe/core';

/** The GPU figures of /ws/system and /api/system/gpu; null where the detector does not report them. */
export interface GpuFigures {
  provider: string | null;
  utilization: number | null;
  memory_used: number | null;
  memory_total: number | null;
  temperature: number | null;
  inference_fps: number | null;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The detector's counter of images, read between two heartbeats to derive a frame rate. */
export interface ImageCount {
  images: number;
  at: number;
}

export function imageCount(heartbeat: Heartbeat): ImageCount | undefined {
  const images = heartbeat.details?.images;
  const at = Date.parse(heartbeat.updated_at);
  return typeof images === 'number' && !Number.isNaN(at) ? { images, at } : undefined;
}

/**
 * Reads the detector heartbeat's details: `provider` (cpu, cuda, ...) as the detector reports it,
 * `gpu: { utilization, memory_used, memory_total, temperature }` where nvidia-smi or the runtime
 * gives them, and `inference_fps` when reported; otherwise the frame rate is derived from the
 * `images` counter between this heartbeat and `previous`. No detector heartbeat: null.
 */
export function gpuFigures(heartbeat: Heartbeat | null | undefined, previous?: ImageCount): GpuFigures | null {
  if (!heartbeat) return null;
  const details = heartbeat.details ?? {};
  const gpu = (typeof details.gpu === 'object' && details.gpu !== null ? details.gpu : {}) as Record<string, unknown>;
  const current = imageCount(heartbeat);
  const derivedFps =
    current && previous && current.at > previous.at && current.images >= previous.images
      ? Math.round(((current.images - previous.images) / ((current.at - previous.at) / 1000)) * 100) / 100
      : null;
  return {
    provider: typeof details.provider === 'string' ? details.provider : null,
    utilization: numberOrNull(gpu.utilization),
    memory_used: numberOrNull(gpu.memory_used),
    memory_total: numberOrNull(gpu.memory_total),
    temperature: numberOrNull(gpu.temperature),
    inference_fps: numberOrNull(details.inference_fps) ?? derivedFps,
  };
}

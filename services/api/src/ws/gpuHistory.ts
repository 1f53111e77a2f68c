import type { Heartbeat } from '@secpipe/core';
import { gpuFigures, imageCount, type GpuFigures, type ImageCount } from './gpuFigures';

export const GPU_HISTORY_WINDOW_MS = 60 * 60 * 1000;

export interface GpuSample extends GpuFigures {
  timestamp: string;
}

/**
 * The last hour of GPU figures, in this replica's memory (GET /api/system/gpu/history). Each
 * replica samples the same detector heartbeat, so any replica answers alike; a restart starts empty.
 */
export class GpuHistory {
  private samples: Array<{ at: number; sample: GpuSample }> = [];
  private lastCount: ImageCount | undefined;
  private lastFigures: GpuFigures | null = null;

  /** Figures for this heartbeat (the frame rate from the previous one), without recording them. */
  peek(heartbeat: Heartbeat | null | undefined): GpuFigures | null {
    const count = heartbeat ? imageCount(heartbeat) : undefined;
    if (count && this.lastCount && count.at === this.lastCount.at) return this.lastFigures;
    return gpuFigures(heartbeat, this.lastCount);
  }

  record(heartbeat: Heartbeat | null | undefined, now: Date): GpuFigures | null {
    const count = heartbeat ? imageCount(heartbeat) : undefined;
    // The same heartbeat read twice (sampling faster than the detector beats) keeps its figures.
    if (count && this.lastCount && count.at === this.lastCount.at) return this.lastFigures;
    const figures = gpuFigures(heartbeat, this.lastCount);
    this.lastCount = count;
    this.lastFigures = figures;
    if (figures) this.samples.push({ at: now.getTime(), sample: { ...figures, timestamp: now.toISOString() } });
    const cutoff = now.getTime() - GPU_HISTORY_WINDOW_MS;
    const firstKept = this.samples.findIndex((entry) => entry.at >= cutoff);
    if (firstKept > 0) this.samples = this.samples.slice(firstKept);
    return figures;
  }

  latest(): GpuFigures | null {
    return this.lastFigures;
  }

  list(): GpuSample[] {
    return this.samples.map((entry) => entry.sample);
  }
}

const histories = new WeakMap<object, GpuHistory>();

/**
 * One history per API instance, found from its dependencies: the system monitor writes it and
 * the GPU routes read it, without widening the routes' dependency list.
 */
export function gpuHistoryFor(owner: object): GpuHistory {
  let history = histories.get(owner);
  if (!history) {
    history = new GpuHistory();
    histories.set(owner, history);
  }
  return history;
}

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultShapes, renderShapeImage } from './support';
import type { RunningFleet } from './fleet';

/** The fields of GET /api/events items these suites read. */
export interface ApiEvent {
  id: number;
  batch_id: string;
  camera_id: string;
  risk_score: number;
  risk_level: string;
  summary: string;
  is_fast_path: boolean;
  detection_ids: number[];
  object_types: string[];
  thumbnail_url: string | null;
  analysis_source: string;
}

/** The fields of GET /api/detections items these suites read. */
export interface ApiDetection {
  id: number;
  camera_id: string;
  object_type: string;
  file_path: string;
  enrichment_data: { plate?: { text: string; confidence: number } | null } | null;
}

/**
 * Writes an upload the way a camera's FTP client finishes one: beside the folder, then renamed
 * in, so the file appears complete. Resolves with its path once it is in place.
 */
export async function dropUpload(fleet: RunningFleet, cameraFolder: string, name: string, bytes: Buffer): Promise<string> {
  const folder = path.join(fleet.cameraRoot, cameraFolder);
  await mkdir(folder, { recursive: true });
  const partial = path.join(fleet.cameraRoot, `.${name}.part`);
  await writeFile(partial, bytes);
  const file = path.join(folder, name);
  await rename(partial, file);
  return file;
}

/**
 * A 1280x720 scene with only the red shape the fixture model calls a person (fast path, 0.92),
 * moved `shiftX` pixels right so that consecutive uploads do not show a person standing still.
 */
export async function personImage(seed: number, shiftX = 0): Promise<Buffer> {
  const shapes = defaultShapes(1280, 720, [2, 9])
    .filter((shape) => shape.colour === 'red')
    .map((shape) => ({ ...shape, x: shape.x + shiftX }));
  return (await renderShapeImage({ width: 1280, height: 720, shapes, seed })).bytes;
}

export const listEvents = async (fleet: RunningFleet, query = ''): Promise<ApiEvent[]> => (await fleet.call<{ items: ApiEvent[] }>('GET', `/api/events${query}`)).items;

export const listDetections = async (fleet: RunningFleet, query = ''): Promise<ApiDetection[]> =>
  (await fleet.call<{ items: ApiDetection[] }>('GET', `/api/detections${query}`)).items;

/** One sample of a Prometheus counter from a service's /metrics (0 when absent). */
export async function readCounter(opsUrl: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}

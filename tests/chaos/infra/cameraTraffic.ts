import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderShapeImage, type ShapeSpec } from '@secpipe/testing';

const WIDTH = 640;
const HEIGHT = 360;

/**
 * A car (blue) and a dog (green) at a place that moves with `index`: batched classes (no fast
 * path), never in the same place twice in a row (the stationary filter sees moving objects).
 */
function movingShapes(index: number): ShapeSpec[] {
  const step = (index * 37) % 200;
  return [
    { colour: 'blue', x: 40 + step, y: 180, width: 160, height: 90 },
    { colour: 'green', x: 420, y: 30 + (step % 120), width: 80, height: 60 },
  ];
}

export interface CameraTraffic {
  /** Files written so far. */
  written(): number;
  /** Resolves when every file is written. */
  done: Promise<void>;
}

/**
 * Writes `count` distinct 640x360 snapshots round-robin into one folder per camera (the folder
 * name is the camera id), `intervalMs` apart, each written under a temporary name and renamed,
 * as an FTP server with atomic uploads does.
 */
export function startCameraTraffic(root: string, { cameras, count, intervalMs, firstSeed = 1 }: { cameras: string[]; count: number; intervalMs: number; firstSeed?: number }): CameraTraffic {
  let written = 0;
  const done = (async () => {
    for (let i = 0; i < count; i += 1) {
      const camera = cameras[i % cameras.length];
      const image = await renderShapeImage({ width: WIDTH, height: HEIGHT, shapes: movingShapes(i), seed: firstSeed + i });
      const dir = path.join(root, camera);
      await mkdir(dir, { recursive: true });
      const name = `snap-${String(firstSeed + i).padStart(5, '0')}.jpg`;
      await writeFile(path.join(dir, `.${name}.part`), image.bytes);
      await rename(path.join(dir, `.${name}.part`), path.join(dir, name));
      written += 1;
      if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return { written: () => written, done };
}

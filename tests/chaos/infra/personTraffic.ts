import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderShapeImage } from '@secpipe/testing';

/**
 * Writes one 640x360 snapshot with a person (red: the fixture model's fast-path class) into
 * `root/camera`: one upload, one fast-path batch, one assessment. `index` moves the person and
 * seeds the background, so every call writes distinct bytes.
 */
export async function writePersonSnapshot(root: string, camera: string, index: number): Promise<string> {
  const image = await renderShapeImage({ width: 640, height: 360, shapes: [{ colour: 'red', x: 40 + ((index * 53) % 480), y: 60, width: 80, height: 220 }], seed: 10_000 + index });
  const dir = path.join(root, camera);
  await mkdir(dir, { recursive: true });
  const name = `person-${String(index).padStart(4, '0')}.jpg`;
  await writeFile(path.join(dir, `.${name}.part`), image.bytes);
  await rename(path.join(dir, `.${name}.part`), path.join(dir, name));
  return path.join(dir, name);
}

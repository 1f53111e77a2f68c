/**
 * Demo cameras: every DEMO_INTERVAL_MS (default 4000) writes one generated scene into one of two
 * camera folders under CAMERA_ROOT, taking turns, like a camera's FTP upload. Started by
 * `pnpm demo` / `pnpm start --demo` beside the services; stops on SIGINT/SIGTERM.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planScene, renderScene } from './demo/demoScenes';

const CAMERAS = ['Front Door', 'Driveway'];
const root = path.resolve(process.env.CAMERA_ROOT ?? './data/cameras');
const intervalMs = Number(process.env.DEMO_INTERVAL_MS ?? 4000);

async function writeScene(tick: number): Promise<void> {
  const camera = CAMERAS[tick % CAMERAS.length];
  const at = new Date();
  const scene = planScene(Math.floor(tick / CAMERAS.length));
  const bytes = await renderScene(scene, camera, at);
  const folder = path.join(root, camera);
  await mkdir(folder, { recursive: true });
  const name = `demo-${at.getTime()}.jpg`;
  // Written beside the folder, then renamed in: the upload appears complete, as after an FTP upload.
  const partial = path.join(root, `.${name}.part`);
  await writeFile(partial, bytes);
  await rename(partial, path.join(folder, name));
  const plate = scene.plate ? ` plate ${scene.plate}` : '';
  process.stdout.write(`demo: ${camera}/${name}: ${scene.objects.join(' + ')} (${scene.night ? 'night' : 'day'})${plate}\n`);
}

function main(): void {
  if (!Number.isInteger(intervalMs) || intervalMs < 200) {
    process.stderr.write(`DEMO_INTERVAL_MS: must be an integer of at least 200 (got "${process.env.DEMO_INTERVAL_MS}")\n`);
    process.exit(1);
  }
  process.stdout.write(`demo: writing a scene every ${intervalMs} ms into ${CAMERAS.map((c) => path.join(root, c)).join(' and ')}\n`);
  let tick = 0;
  let writing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    writing = writing.then(() => writeScene(tick++)).catch((error: unknown) => {
      process.stderr.write(`demo: write failed: ${String(error)}\n`);
    });
  }, intervalMs);
  writing = writeScene(tick++);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      clearInterval(timer);
      void writing.then(() => process.exit(0));
    });
  }
}

main();

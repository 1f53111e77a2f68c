import { spawn } from 'node:child_process';
import path from 'node:path';
import { startFleet, type RunningFleet } from './fleet';
import { useIntegrationContext, waitFor } from './support';
import type { ApiEvent } from './liveViews';

const ROOT = path.resolve(__dirname, '..', '..');

interface ApiDetection {
  object_type: string;
  enrichment_data: { plate?: { text: string; confidence: number } | null } | null;
}

/**
 * `pnpm demo`'s camera writer against the fleet as processes: its generated scenes become events
 * with thumbnails on /ws/events and over REST, and the rendered plates are read by the real
 * PP-OCRv4 models (OCR_ENABLED=true: the demo shows plate text, so the test checks it).
 */
describe('demo cameras feed the fleet', () => {
  const ctx = useIntegrationContext('e2e-demo');
  let fleet: RunningFleet;

  beforeAll(async () => {
    // Short batch timers, read by the workers at boot; the demo shows plate text, so OCR is on.
    fleet = await startFleet(ctx, { runtimeConfig: { batch_window_seconds: 5, batch_idle_timeout_seconds: 1 }, enrichment: { OCR_ENABLED: 'true' } });
  }, 120_000);

  it('turns the generated scenes into events with thumbnails and reads the plates', async () => {
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'demo-cameras.ts')], {
      cwd: ROOT,
      env: { ...process.env, CAMERA_ROOT: fleet.cameraRoot, DEMO_INTERVAL_MS: '700' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const written: string[] = [];
    writer.stdout.on('data', (chunk: Buffer) => written.push(...String(chunk).trim().split('\n')));
    ctx.onClose(() => new Promise<void>((resolve) => (writer.exitCode !== null ? resolve() : writer.once('exit', () => resolve()).kill('SIGTERM'))));

    const withThumbnail = await waitFor(
      async () => {
        const page = await fleet.call<{ items: ApiEvent[] }>('GET', '/api/events');
        const cameras = new Set(page.items.map((e) => e.camera_id));
        return cameras.size === 2 && page.items.some((e) => e.thumbnail_url) && page.items.find((e) => e.thumbnail_url);
      },
      { what: 'events from both demo cameras, one with a thumbnail', timeoutMs: 25_000, intervalMs: 250 },
    );
    const thumbnail = await fleet.request('GET', withThumbnail.thumbnail_url!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.contentType).toBe('image/jpeg');
    await waitFor(() => fleet.live.some((m) => m.type === 'event'), { what: 'an event on /ws/events', timeoutMs: 5_000 });
    expect(written.some((line) => / plate [A-Z]{2} \d{4}$/.test(line))).toBe(true);

    const plates = await waitFor(
      async () => {
        const page = await fleet.call<{ items: ApiDetection[] }>('GET', '/api/detections?object_type=car');
        const read = page.items.map((d) => d.enrichment_data?.plate?.text).filter((text): text is string => Boolean(text));
        return read.length > 0 && read;
      },
      { what: 'a plate read off a demo car', timeoutMs: 10_000, intervalMs: 250 },
    );
    // The demo renders plates as "AB 1234"; OCR may drop the space.
    expect(plates.some((text) => /^[A-Z]{2} ?\d{4}$/.test(text))).toBe(true);
    expect(fleet.contract.violations).toEqual([]);
  }, 60_000);
});

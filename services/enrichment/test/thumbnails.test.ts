import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { detectionFactory, fakeFileHash, useIntegrationContext } from '@secpipe/testing';
import { ThumbnailRenderer } from '../src/thumbnails/thumbnailRenderer';
import { jobContext, startInstance, testPolicy } from './support/enrichmentHarness';

const ctx = useIntegrationContext('enrichment-thumbnails');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'enrichment-thumbs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function pixel(file: string, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

describe('thumbnails', () => {
  it('writes one 320 px JPEG per image with each box in its class colour and stores its path', async () => {
    const file = path.join(dir, 'snap.jpg');
    await writeFile(file, await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#808080' } }).jpeg().toBuffer());
    const hash = fakeFileHash('thumb');
    const common = { camera_id: 'side_gate', file_path: file, file_hash: hash, detected_at: new Date(), image_width: 1280, image_height: 720, confidence: 0.8 };
    // Boxes at scale 0.25: person x 40..120 (thumbnail), car x 200..300.
    const person = await detectionFactory.create(ctx.prisma, { ...common, box_index: 0, object_type: 'person', bbox_x: 160, bbox_y: 200, bbox_width: 320, bbox_height: 400 });
    const car = await detectionFactory.create(ctx.prisma, { ...common, box_index: 1, object_type: 'car', bbox_x: 800, bbox_y: 300, bbox_width: 400, bbox_height: 300 });
    const thumbs = path.join(dir, 'thumbnails');
    const service = startInstance(ctx, () => testPolicy({ idleMs: 60_000 }, []), { thumbnails: new ThumbnailRenderer(thumbs, 320) });
    await service.parts.handler({ v: 1, camera_id: 'side_gate', file_path: file, file_hash: hash, detection_ids: [person.id, car.id], detected_at: common.detected_at.toISOString(), correlation_id: 'c' }, jobContext());

    const rows = await ctx.prisma.detection.findMany({ where: { id: { in: [person.id, car.id] } }, select: { thumbnail_path: true } });
    const expected = path.join(thumbs, `side_gate_${person.id}.jpg`);
    expect(rows.map((r) => r.thumbnail_path)).toEqual([expected, expected]);
    const meta = await sharp(expected).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 180]);
    // Left edge of each box, halfway down: person red (#FF3B30), car blue (#007AFF); inside stays grey.
    const [pr, , pb] = await pixel(expected, 40, 100);
    expect(pr - pb).toBeGreaterThan(60);
    const [cr, , cb] = await pixel(expected, 200, 110);
    expect(cb - cr).toBeGreaterThan(60);
    const inside = await pixel(expected, 80, 130);
    for (const channel of inside) expect(Math.abs(channel - 128)).toBeLessThan(12);
    await service.stop();
  });
});

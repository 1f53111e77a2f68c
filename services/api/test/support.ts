import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { PrismaClient } from '@secpipe/core';
import type { Response } from 'supertest';

/** Asserts the contract's 422 shape and that `field` is among the reported fields. */
export function expectValidationError(res: Response, field?: string): void {
  expect(res.status).toBe(422);
  expect(res.body.error).toMatchObject({ code: 'validation_error', message: expect.any(String) });
  expect(Array.isArray(res.body.error.errors)).toBe(true);
  if (field) expect(res.body.error.errors.map((e: { field: string }) => e.field)).toContain(field);
}

/** Asserts an RFC 7807 problem document with `status`. */
export function expectProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
}

/** A temporary folder removed after the file's tests. */
export function useTempDir(prefix: string): { readonly path: string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get path() {
      return dir;
    },
  };
}

/** Writes a plain JPEG of the given size. */
export async function writeJpeg(file: string, width = 800, height = 600): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 40 } } }).jpeg().toFile(file);
  return file;
}

/**
 * `count` events for one camera in one statement (generate_series), one minute apart going back
 * from `newest`; every third is high risk, every fifth mentions a delivery van.
 */
export async function seedEvents(prisma: PrismaClient, cameraId: string, count: number, newest = new Date('2026-11-20T12:00:00Z'), tag = 'seed'): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO events (batch_id, camera_id, started_at, ended_at, risk_score, risk_level, summary, reasoning, object_types, detection_count, analysis_source, updated_at)
    SELECT ${cameraId} || '-' || ${tag} || '-' || g, ${cameraId}, ${newest}::timestamptz - make_interval(mins => g), ${newest}::timestamptz - make_interval(mins => g) + interval '20 seconds',
      CASE WHEN g % 3 = 0 THEN 70 ELSE 20 END,
      (CASE WHEN g % 3 = 0 THEN 'high' ELSE 'low' END)::"RiskLevel",
      CASE WHEN g % 5 = 0 THEN 'Delivery van stopped in the driveway' ELSE 'Person walked past on the sidewalk' END,
      'Seeded for pagination tests',
      CASE WHEN g % 5 = 0 THEN ARRAY['truck', 'person'] ELSE ARRAY['person'] END,
      1, 'rules'::"AnalysisSource", now()
    FROM generate_series(1, ${count}::int) AS g`;
}

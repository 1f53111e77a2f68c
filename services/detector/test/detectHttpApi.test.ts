/** @jest-environment ./test/support/nativeArraysEnvironment.ts */
import type { Express } from 'express';
import request from 'supertest';
import { defaultShapes, renderShapeImage, type ShapeImage } from '@secpipe/testing';
import { createDetectorApp } from '../src/http/detectorHttpServer';
import type { ObjectDetector } from '../src/inference/objectDetector';
import type { DetectionPolicy } from '../src/policy/detectionPolicy';
import { fixtureDetector, silentLogger, snapFor, tempDir } from './support/fixtureDetector';

const temp = tempDir('http');
const policy: DetectionPolicy = { classes: new Set(['person', 'car', 'dog']), threshold: 0.5, classThresholds: { dog: 0.9 }, cameraThresholds: {} };
let detector: ObjectDetector;
let app: Express;
let image: ShapeImage;

beforeAll(async () => {
  detector = await fixtureDetector(temp.dir, { family: 'detr', width: 320, height: 320 });
  await detector.warmUp();
  app = createDetectorApp({ detector, policy: () => policy, logger: silentLogger() });
  image = await renderShapeImage({ width: 640, height: 480, shapes: defaultShapes(640, 480, snapFor(640, 480, 320, 'stretch')) });
});

afterAll(async () => {
  await detector.close();
  temp.remove();
});

const expectedDetections = () =>
  image.boxes
    .filter((b) => b.className !== 'dog') // dog (0.81) is under its 0.9 class minimum
    .map((b) => ({ class: b.className, confidence: expect.any(Number), bbox: { x: b.x, y: b.y, width: b.width, height: b.height } }));

describe('detector HTTP API', () => {
  it('POST /detect with a multipart file answers the documented shape', async () => {
    const res = await request(app).post('/detect').attach('file', image.bytes, 'snap.jpg').expect(200);
    expect(res.body).toEqual({ detections: expectedDetections(), inference_time_ms: expect.any(Number), image_width: 640, image_height: 480 });
    expect(res.body.detections[0].confidence).toBeCloseTo(0.92, 5);
  });

  it('POST /detect with JSON image_base64 answers the same', async () => {
    const res = await request(app).post('/detect').send({ image_base64: image.bytes.toString('base64') }).expect(200);
    expect(res.body.detections).toEqual(expectedDetections());
  });

  it('POST /detect/batch answers one result per image, in order', async () => {
    const empty = await renderShapeImage({ width: 200, height: 100, shapes: [] });
    const res = await request(app).post('/detect/batch').attach('files', image.bytes, 'a.jpg').attach('files', empty.bytes, 'b.jpg').expect(200);
    expect(res.body.count).toBe(2);
    expect(res.body.results[0].detections).toEqual(expectedDetections());
    expect(res.body.results[1]).toEqual({ detections: [], inference_time_ms: expect.any(Number), image_width: 200, image_height: 100 });
    const json = await request(app).post('/detect/batch').send({ images: [empty.bytes.toString('base64')] }).expect(200);
    expect(json.body.results).toHaveLength(1);
  });

  it('GET /health reports model, provider, input size, warm state and counts', async () => {
    const res = await request(app).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'healthy',
      model_family: 'detr',
      provider: 'cpu',
      input_size: { width: 320, height: 320 },
      warm: true,
      inference_count: expect.any(Number),
      images_processed: expect.any(Number),
    });
    expect(res.body.model).toMatch(/\.onnx$/);
  });

  it('rejects what is not an image with 400, without internals', async () => {
    const res = await request(app).post('/detect').attach('file', Buffer.from('plain text'), 'notes.jpg').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, detail: expect.stringMatching(/^image is unreadable/) });
    await request(app).post('/detect').send({}).expect(422);
    await request(app).post('/detect').set('content-type', 'text/plain').send('hello').expect(400);
    await request(app).post('/detect').set('content-type', 'application/json').send('{"image_base64":').expect(400);
  });

  it('answers 413 for images over 10 MB, as file or base64', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    await request(app).post('/detect').attach('file', big, 'big.jpg').expect(413);
    await request(app).post('/detect').send({ image_base64: big.toString('base64') }).expect(413);
  });
});

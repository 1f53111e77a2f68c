// Runs PaddleOCR PP-OCRv4 (@gutenye/ocr-node, ESM-only) in a worker thread: the models load
// once per process, a read (about 0.3 s of CPU) never blocks the service's event loop, and the
// CommonJS service (and jest) never has to import an ES module.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';

const { default: Ocr } = await import('@gutenye/ocr-node');
const ocr = await Ocr.create(workerData?.models ? { models: workerData.models } : {});
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async ({ id, image }) => {
  try {
    const lines = await ocr.detect(Buffer.from(image));
    parentPort.postMessage({ id, lines: lines.map((line) => ({ text: line.text, confidence: line.mean })) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

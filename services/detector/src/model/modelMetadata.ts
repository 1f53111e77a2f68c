import { COCO_CLASSES } from './cocoClasses';

// ModelProto field numbers (onnx.proto): 2 producer_name, 7 graph, 14 metadata_props; inside
// StringStringEntryProto 1 key, 2 value. onnxruntime-node does not expose custom metadata, and
// the model file is read anyway, so a small scan of the top-level fields is enough; the graph and
// its weights are skipped by length, never decoded.

interface Field {
  number: number;
  wireType: number;
  bytes?: Uint8Array;
}

function readVarint(buffer: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let multiplier = 1;
  let at = offset;
  for (;;) {
    if (at >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[at];
    value += (byte & 0x7f) * multiplier;
    at += 1;
    if ((byte & 0x80) === 0) return [value, at];
    multiplier *= 128;
  }
}

function* fields(buffer: Uint8Array): Generator<Field> {
  let at = 0;
  while (at < buffer.length) {
    const [tag, afterTag] = readVarint(buffer, at);
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === 0) [, at] = readVarint(buffer, afterTag);
    else if (wireType === 1) at = afterTag + 8;
    else if (wireType === 5) at = afterTag + 4;
    else if (wireType === 2) {
      const [length, start] = readVarint(buffer, afterTag);
      at = start + length;
      if (at > buffer.length) throw new Error('truncated field');
      yield { number, wireType, bytes: buffer.subarray(start, at) };
      continue;
    } else throw new Error(`unsupported wire type ${wireType}`);
    yield { number, wireType };
  }
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');

export interface ModelMetadata {
  producer: string;
  properties: Record<string, string>;
}

/** Producer name and metadata_props of an ONNX model; empty when the bytes cannot be scanned. */
export function readModelMetadata(model: Uint8Array): ModelMetadata {
  const result: ModelMetadata = { producer: '', properties: {} };
  try {
    for (const field of fields(model)) {
      if (field.number === 2 && field.wireType === 2) result.producer = text(field.bytes);
      if (field.number !== 14 || !field.bytes) continue;
      let key = '';
      let value = '';
      for (const entry of fields(field.bytes)) {
        if (entry.number === 1) key = text(entry.bytes);
        if (entry.number === 2) value = text(entry.bytes);
      }
      if (key) result.properties[key] = value;
    }
  } catch {
    // Not a readable ModelProto: onnxruntime will report that itself when it loads the model.
  }
  return result;
}

/**
 * Class names from the model's `names` metadata (Ultralytics writes a Python dict literal,
 * `{0: 'person', 1: 'bicycle'}`; a JSON array or object works too), else COCO-80.
 */
export function classNamesFrom(properties: Record<string, string>): { names: readonly string[]; source: 'metadata' | 'coco80' } {
  const raw = properties.names ?? properties.classes ?? properties.labels;
  if (raw) {
    const names: string[] = [];
    for (const match of raw.matchAll(/(\d+)\s*:\s*(['"])(.*?)\2/g)) names[Number(match[1])] = match[3];
    if (names.length === 0) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) names.push(...parsed.map(String));
      } catch {
        // Neither form: fall back to COCO below.
      }
    }
    if (names.length > 0) return { names: Array.from(names, (name, i) => name ?? `class_${i}`), source: 'metadata' };
  }
  return { names: COCO_CLASSES, source: 'coco80' };
}

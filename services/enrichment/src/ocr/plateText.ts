import type { TextLine } from './ocrEngine';

/**
 * Picks the plate among the lines read off a vehicle: upper-cased, only letters, digits and
 * single spaces, 4 to 10 letters and digits with at least one digit (what plates look like in
 * most countries), the most confident such line. Null when no line qualifies.
 */
export function plateFromLines(lines: TextLine[], minConfidence: number): { text: string; confidence: number } | null {
  let best: { text: string; confidence: number } | null = null;
  for (const line of lines) {
    const text = line.text.toUpperCase().replace(/[^A-Z0-9 ]/g, '').replace(/\s+/g, ' ').trim();
    const core = text.replace(/ /g, '');
    if (core.length < 4 || core.length > 10 || !/\d/.test(core)) continue;
    const confidence = Math.min(1, Math.max(0, line.confidence));
    if (confidence < minConfidence) continue;
    if (!best || confidence > best.confidence) best = { text: text.slice(0, 32), confidence: Math.round(confidence * 1000) / 1000 };
  }
  return best;
}

/**
 * Finds the JSON object in what a model wrote: after `<think>` blocks, preambles and code fences,
 * and repairs an answer cut off mid-object (n_predict reached) by closing what is open.
 */

/** Drops reasoning blocks; an unclosed `<think>` keeps only what follows a later `</think>`. */
export function stripThinking(text: string): string {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/gi, ' ');
  const lastClose = closed.toLowerCase().lastIndexOf('</think>');
  return (lastClose >= 0 ? closed.slice(lastClose + '</think>'.length) : closed).replace(/<\/?think>/gi, ' ');
}

/** The body of the first ```json (or bare ```) fence, or the text itself. */
export function stripFences(text: string): string {
  const fenced = /```(?:json|JSON)?\s*([\s\S]*?)(?:```|$)/.exec(text);
  return fenced && fenced[1].includes('{') ? fenced[1] : text;
}

interface Scan {
  /** Index just past the balanced object, or -1 when the text ends first. */
  end: number;
  /** Closers still owed at the end of the text. */
  open: string[];
  inString: boolean;
}

function scanObject(text: string, start: number): Scan {
  const open: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') open.push('}');
    else if (c === '[') open.push(']');
    else if (c === '}' || c === ']') {
      open.pop();
      if (open.length === 0) return { end: i + 1, open, inString };
    }
  }
  return { end: -1, open, inString };
}

function tryParse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Closes a truncated object, cutting back member by member until what is left parses. */
function repairTruncated(fragment: string): Record<string, unknown> | null {
  let text = fragment;
  for (let attempt = 0; attempt < 50 && text.length > 1; attempt += 1) {
    const scan = scanObject(text, 0);
    const trimmed = (scan.inString ? `${text}"` : text).replace(/[\s,:]+$/, '');
    const parsed = tryParse(trimmed + [...scan.open].reverse().join(''));
    if (parsed) return parsed;
    const cut = text.lastIndexOf(',');
    if (cut <= 0) return null;
    text = text.slice(0, cut);
  }
  return null;
}

/** The first JSON object in the text (repaired when truncated), or null. */
export function extractJsonObject(raw: string): Record<string, unknown> | null {
  const text = stripFences(stripThinking(raw));
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const scan = scanObject(text, start);
    if (scan.end > 0) {
      const parsed = tryParse(text.slice(start, scan.end));
      if (parsed) return parsed;
      continue;
    }
    // Runs to the end of the text: a truncated answer, or a stray "{" in a preamble before it.
    const repaired = repairTruncated(text.slice(start));
    if (repaired && ('risk_score' in repaired || 'risk_level' in repaired)) return repaired;
  }
  return null;
}

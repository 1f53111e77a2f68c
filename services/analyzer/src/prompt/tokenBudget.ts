/**
 * Prompt size estimate: about four characters per token for English text with Nemotron's and
 * most Llama-family tokenizers. Good enough to keep the prompt inside the context with margin;
 * the server still enforces the real limit.
 */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** A part of the user prompt; lower priority parts are trimmed first. */
export interface PromptSection {
  name: string;
  /** 0 = never dropped. Higher = dropped earlier. */
  dropOrder: number;
  lines: string[];
  /** Lines that may be cut from the end, replaced by `summariseCut(count)`. */
  trimmable?: { keep: number; summariseCut: (count: number) => string };
}

function render(sections: PromptSection[]): string {
  return sections
    .filter((s) => s.lines.length > 0)
    .map((s) => s.lines.join('\n'))
    .join('\n\n');
}

/** Drops whole sections by drop order, then trims long lists, until the prompt fits. */
export function fitToBudget(sections: PromptSection[], budgetTokens: number): { text: string; dropped: string[] } {
  let current = sections.map((s) => ({ ...s, lines: [...s.lines] }));
  const dropped: string[] = [];
  const fits = () => estimateTokens(render(current)) <= budgetTokens;
  const droppable = current.filter((s) => s.dropOrder > 0).sort((a, b) => b.dropOrder - a.dropOrder);
  for (const section of droppable) {
    if (fits()) break;
    current = current.filter((s) => s !== section);
    dropped.push(section.name);
  }
  for (const section of current) {
    if (fits() || !section.trimmable) continue;
    const all = section.lines;
    let keep = all.length;
    while (!fits() && keep > section.trimmable.keep) {
      keep = Math.max(section.trimmable.keep, Math.floor(keep * 0.75));
      section.lines = [...all.slice(0, keep), section.trimmable.summariseCut(all.length - keep)];
    }
    if (keep < all.length) dropped.push(`${section.name} (${all.length - keep} lines)`);
  }
  return { text: render(current), dropped };
}

/**
 * Operator- and camera-supplied text (camera and zone names, plate reads) goes into the prompt
 * as data. It is reduced to plain words so it cannot close the data block, open a chat turn
 * (`<|im_start|>`), fake JSON or smuggle control characters, and it is length-limited.
 */
export function sanitizePromptText(value: string, maxLength = 60): string {
  return value
    .normalize('NFKC')
    .replace(/<\|[^|]*\|>/g, ' ')
    // Control characters are exactly what this must strip.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[<>{}[\]`"\\|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength);
}

/** Sanitised and quoted, so the model reads it as a name, not as an instruction. */
export const quoted = (value: string, maxLength?: number) => `"${sanitizePromptText(value, maxLength)}"`;

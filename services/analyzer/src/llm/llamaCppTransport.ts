import { CHATML_STOP, LlmReplyError, SAMPLING, type LlmReply, type LlmRequest, type LlmTransport } from './llmTransport';

/** A ChatML prompt (Nemotron's template): system turn, user turn, open assistant turn. */
export function chatMlPrompt(system: string, user: string): string {
  return `<|im_start|>system\n${system}<|im_end|>\n<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
}

/** llama.cpp server: POST /completion with a raw prompt and `json_schema` (grammar-constrained). */
export class LlamaCppTransport implements LlmTransport {
  readonly provider = 'llamacpp' as const;
  readonly completionPath = '/completion';
  readonly healthPath = '/health';

  constructor(private readonly model: string) {}

  body(request: LlmRequest): Record<string, unknown> {
    return {
      prompt: chatMlPrompt(request.system, request.user),
      ...SAMPLING,
      n_predict: request.maxTokens,
      stop: CHATML_STOP,
      json_schema: request.schema,
      cache_prompt: true,
    };
  }

  reply(json: unknown): LlmReply {
    const body = json as { content?: unknown; model?: unknown } | null;
    if (typeof body?.content !== 'string') throw new LlmReplyError('llama.cpp reply has no content');
    return { text: body.content, model: typeof body.model === 'string' && body.model ? body.model : this.model };
  }
}

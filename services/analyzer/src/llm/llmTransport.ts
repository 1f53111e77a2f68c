/** One completion request, independent of the server's API. */
export interface LlmRequest {
  system: string;
  user: string;
  /** JSON schema the server should constrain the answer to. */
  schema: Record<string, unknown>;
  maxTokens: number;
}

export interface LlmReply {
  text: string;
  model: string;
}

/** How one server API shapes a request and its reply; the HTTP client does the rest. */
export interface LlmTransport {
  readonly provider: 'llamacpp' | 'openai';
  readonly completionPath: string;
  readonly healthPath: string;
  body(request: LlmRequest): Record<string, unknown>;
  reply(json: unknown): LlmReply;
}

/** Sampling the original used with Nemotron on llama.cpp. */
export const SAMPLING = { temperature: 0.7, top_p: 0.95 } as const;
/** ChatML turn markers: the model must stop at the end of its own turn. */
export const CHATML_STOP = ['<|im_end|>', '<|im_start|>'];

export class LlmReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmReplyError';
  }
}

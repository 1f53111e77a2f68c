import { CHATML_STOP, LlmReplyError, SAMPLING, type LlmReply, type LlmRequest, type LlmTransport } from './llmTransport';

/** Any OpenAI-compatible server: POST /v1/chat/completions with a json_schema response format. */
export class OpenAiTransport implements LlmTransport {
  readonly provider = 'openai' as const;
  readonly completionPath = '/v1/chat/completions';
  readonly healthPath = '/v1/models';

  constructor(private readonly model: string) {}

  body(request: LlmRequest): Record<string, unknown> {
    return {
      model: this.model,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      ...SAMPLING,
      max_tokens: request.maxTokens,
      stop: CHATML_STOP,
      response_format: { type: 'json_schema', json_schema: { name: 'risk_assessment', schema: request.schema } },
    };
  }

  reply(json: unknown): LlmReply {
    const body = json as { choices?: Array<{ message?: { content?: unknown } }>; model?: unknown } | null;
    const content = body?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new LlmReplyError('chat completion reply has no message content');
    return { text: content, model: typeof body?.model === 'string' && body.model ? body.model : this.model };
  }
}

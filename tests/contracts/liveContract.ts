import { messageCatalog, messageEnvelopeSchema, type MessageType } from '@secpipe/core';
import { z } from 'zod';
import { ResponseValidator } from '../../services/api/test/contract/responseValidator';

/** One HTTP answer as a live client saw it: what the OpenAPI check needs. */
export interface LiveResponse {
  status: number;
  contentType: string;
  text: string;
  /** The parsed JSON, or the raw bytes of anything else (images). */
  body: unknown;
}

type Socket = '/ws/events' | '/ws/system';

/** Server -> client messages outside the catalog (CONTRACT.md "WebSocket"): the heartbeat. */
const controlMessages: Record<string, z.ZodType> = {
  ping: z.strictObject({ type: z.literal('ping'), last_seq: z.number().int().min(0) }),
};

/** /ws/system snapshots carry no sequence: they are per-replica, not published. */
const snapshotEnvelope = z.strictObject({ type: z.literal('system_status'), data: z.unknown(), timestamp: z.iso.datetime({ offset: true }) });

/** /ws/events messages: the catalog's envelope, `replay` on messages a resync sends again. */
const publishedEnvelope = z.strictObject({ ...messageEnvelopeSchema.shape, replay: z.literal(true).optional() });

const isCatalogType = (type: unknown): type is MessageType => typeof type === 'string' && Object.hasOwn(messageCatalog, type);

/**
 * Checks what a live API answers against the OpenAPI document that same process serves, and
 * what its WebSockets send against the message catalog. REST violations throw at once (the
 * caller sees its request fail); every violation is also kept in `violations` so a suite can
 * assert there were none, including WebSocket messages that arrived between assertions.
 */
export class LiveContract {
  readonly violations: string[] = [];
  private readonly validator: ResponseValidator;
  private readonly templates: Array<{ template: string; pattern: RegExp; params: number }>;

  constructor(document: { paths: Record<string, unknown> }) {
    this.validator = new ResponseValidator(document as ConstructorParameters<typeof ResponseValidator>[0]);
    // Literal paths before templated ones: /api/events/stats is not /api/events/{id}.
    this.templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** Reads the document the live API serves at /openapi.json. */
  static async fetch(baseUrl: string): Promise<LiveContract> {
    const res = await fetch(`${baseUrl}/openapi.json`);
    if (!res.ok) throw new Error(`GET /openapi.json: ${res.status}`);
    return new LiveContract((await res.json()) as { paths: Record<string, unknown> });
  }

  /** Operations checked so far, as `method template status`. */
  get checked(): ReadonlySet<string> {
    return this.validator.checked;
  }

  /** The documented path template a concrete URL (query string allowed) belongs to. */
  templateOf(url: string): string | undefined {
    const pathname = new URL(url, 'http://live').pathname;
    return this.templates.find((t) => t.pattern.test(pathname))?.template;
  }

  /** Throws (and records) when the response breaks its documented operation. */
  checkResponse(method: string, url: string, res: LiveResponse): void {
    this.record(() => {
      const template = this.templateOf(url);
      if (!template) throw new Error(`${method.toUpperCase()} ${url} matches no documented path`);
      const supertestShape = { status: res.status, headers: { 'content-type': res.contentType }, text: res.text, body: res.body };
      this.validator.check(method.toLowerCase(), template, supertestShape as never);
    });
  }

  /** Throws (and records) when a message from `socket` is not one the catalog describes. */
  checkMessage(socket: Socket, raw: string): void {
    this.record(() => {
      const message = JSON.parse(raw) as { type?: unknown; data?: unknown };
      const where = `${socket} ${String(message.type)}`;
      if (isCatalogType(message.type)) {
        const entry = messageCatalog[message.type];
        const expected = entry.channel === 'events' ? '/ws/events' : '/ws/system';
        if (expected !== socket) throw new Error(`${where}: the catalog sends this type on ${expected}`);
        const envelope = socket === '/ws/system' ? snapshotEnvelope : publishedEnvelope;
        failOn(where, 'envelope', envelope.safeParse(message));
        failOn(where, 'data', entry.data.safeParse(message.data));
        return;
      }
      const control = typeof message.type === 'string' ? controlMessages[message.type] : undefined;
      if (!control) throw new Error(`${where}: not in the message catalog`);
      failOn(where, 'message', control.safeParse(message));
    });
  }

  private record(check: () => void): void {
    try {
      check();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.violations.push(text);
      throw error;
    }
  }
}

function failOn(where: string, part: string, result: { success: boolean; error?: z.ZodError }): void {
  if (!result.success) throw new Error(`${where}: ${part} does not match the catalog: ${z.prettifyError(result.error!)}`);
}

/** Fetches `url` and checks the answer; returns it whatever its status. */
export async function checkedFetch(contract: LiveContract, method: string, baseUrl: string, route: string, body?: unknown): Promise<LiveResponse> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const contentType = res.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = /json/.test(contentType);
  const text = json || contentType.startsWith('text/') ? bytes.toString('utf8') : '';
  const live: LiveResponse = { status: res.status, contentType, text, body: json && text ? (JSON.parse(text) as unknown) : bytes };
  contract.checkResponse(method, route, live);
  return live;
}

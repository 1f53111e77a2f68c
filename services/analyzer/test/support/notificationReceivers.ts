import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { SMTPServer } from 'smtp-server';

/** A webhook endpoint on a loopback port that keeps every request. */
export async function startWebhookReceiver(status = 200) {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secpipe`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hexByte = (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16));

/** The raw message with encoded-word headers and quoted-printable bodies decoded (ASCII content). */
export function decodeMail(raw: string): string {
  return raw
    .replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_m, q: string) => q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, hexByte))
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, hexByte);
}

/** A real SMTP server (smtp-server) on a loopback port that keeps every message. */
export async function startSmtpReceiver() {
  const messages: Array<{ from: string; to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: decodeMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A real subscriber on the machine's Mosquitto that keeps every message per topic. */
export async function subscribeMqtt(url: string, filters: string[]): Promise<{ client: MqttClient; messages: Map<string, Array<{ payload: string; retain: boolean }>> }> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const messages = new Map<string, Array<{ payload: string; retain: boolean }>>();
  client.on('message', (topic, payload, packet) => {
    const list = messages.get(topic) ?? [];
    list.push({ payload: payload.toString('utf8'), retain: packet.retain });
    messages.set(topic, list);
  });
  await client.subscribeAsync(filters, { qos: 1 });
  return { client, messages };
}

// Child process of the WebSocket benchmark: opens N subscribers to /ws/events and records, per
// event sequence, when each subscriber received it (wall clock with sub-millisecond precision).
// Plain JavaScript run by node itself, so the clients share nothing with the server's process.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [url, countText, expectedText] = process.argv.slice(2);
const count = Number(countText);
const expected = Number(expectedText);
const now = () => performance.timeOrigin + performance.now();
const received = new Map(); // sequence -> receipt times
let complete = 0;
const sockets = [];

function onMessage(data) {
  const at = now();
  const text = data.toString();
  if (!text.startsWith('{"sequence":')) return;
  const sequence = Number(text.slice(12, text.indexOf(',')));
  let times = received.get(sequence);
  if (!times) received.set(sequence, (times = []));
  times.push(at);
  this.seen = (this.seen || 0) + 1;
  if (this.seen === expected) {
    complete += 1;
    if (complete === count) process.send({ kind: 'done', received: [...received.entries()] });
  }
}

function open() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.on('message', onMessage);
  });
}

async function main() {
  for (let opened = 0; opened < count; opened += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - opened) }, open))));
  }
  process.send({ kind: 'ready', open: sockets.length });
}

process.on('message', (message) => {
  if (message.kind === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
main().catch((error) => {
  process.send({ kind: 'error', message: String(error && error.message) });
  process.exit(1);
});

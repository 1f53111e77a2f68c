import { Counter, Gauge, Histogram, type Registry } from '@secpipe/core';

export type WsPath = '/ws/events' | '/ws/system';

/** The WebSocket layer's metrics on the API's registry (served at /api/metrics). */
export interface WsMetrics {
  connected: Gauge<'path'>;
  messagesSent: Counter<'type'>;
  slowClientsDropped: Counter;
  fanOutLatency: Histogram;
  rejected: Counter<'reason'>;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

/** Registers once per registry: two servers in one process (tests) share the same metrics. */
export function wsMetrics(registry: Registry): WsMetrics {
  return {
    connected:
      existing<Gauge<'path'>>(registry, 'websocket_connected_clients') ??
      new Gauge({ name: 'websocket_connected_clients', help: 'Open WebSocket connections by path', labelNames: ['path'], registers: [registry] }),
    messagesSent:
      existing<Counter<'type'>>(registry, 'websocket_messages_sent_total') ??
      new Counter({ name: 'websocket_messages_sent_total', help: 'Messages written to WebSocket clients by message type', labelNames: ['type'], registers: [registry] }),
    slowClientsDropped:
      existing<Counter>(registry, 'websocket_slow_clients_dropped_total') ??
      new Counter({ name: 'websocket_slow_clients_dropped_total', help: 'Clients closed with 1013 because their send buffer passed WS_MAX_BUFFERED_BYTES', registers: [registry] }),
    fanOutLatency:
      existing<Histogram>(registry, 'websocket_fanout_latency_seconds') ??
      new Histogram({
        name: 'websocket_fanout_latency_seconds',
        help: 'From a message being published to its last socket write on this replica',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      }),
    rejected:
      existing<Counter<'reason'>>(registry, 'websocket_rejected_connections_total') ??
      new Counter({ name: 'websocket_rejected_connections_total', help: 'Connections refused or closed at upgrade, by reason', labelNames: ['reason'], registers: [registry] }),
  };
}

import { baseServiceEnv, envBoolean, envInt, httpUrl, port } from '@secpipe/core';
import { z } from 'zod';
import { apiKeyHashesFromEnv } from './security/apiKeyHash';
import { isTrustedProxyEntry } from './security/clientIp';

const commaList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** Environment of the API service, parsed once at boot. */
// The ops surface (/health, /ready, /metrics on OPS_PORT, heartbeat) is the service kit's, as
// for every worker; the REST API and its own /health, /ready and /api/metrics are on API_PORT.
export const apiConfigSchema = baseServiceEnv(9105)
  .extend({
    API_PORT: port(8000),
    // Keys are hashed while the environment is parsed; only SHA-256 digests stay in memory.
    API_KEY_ENABLED: envBoolean(false),
    API_KEYS: z.string().default('').transform(apiKeyHashesFromEnv),
    TRUSTED_PROXY_IPS: commaList('').refine((entries) => entries.every(isTrustedProxyEntry), {
      message: 'must be IP addresses or CIDR ranges, comma-separated',
    }),
    CORS_ORIGINS: commaList('http://localhost:3000,http://localhost:5173,http://127.0.0.1:3000,http://127.0.0.1:5173'),
    RATE_LIMIT_ENABLED: envBoolean(true),
    RATE_LIMIT_REQUESTS_PER_MINUTE: envInt(60, 1, 100_000),
    RATE_LIMIT_BURST: envInt(10, 0, 100_000),
    RATE_LIMIT_MEDIA_REQUESTS_PER_MINUTE: envInt(120, 1, 100_000),
    RATE_LIMIT_SEARCH_REQUESTS_PER_MINUTE: envInt(30, 1, 100_000),
    CAMERA_ROOT: z.string().min(1).default('./data/cameras'),
    THUMBNAIL_DIR: z.string().min(1).default('./data/thumbnails'),
    RETENTION_DAYS: envInt(30, 1, 3650),
    RETENTION_CLEANUP_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, local time)')
      .default('03:00'),
    /** Memory for cached answers of hot list routes (kept while their tables are unchanged); 0 turns it off. */
    API_RESPONSE_CACHE_MB: envInt(64, 0, 4096),
    LLM_URL: httpUrl().optional(),
    /** Worker services whose heartbeats health reads; a missing heartbeat marks that service unhealthy. */
    WORKER_SERVICES: commaList('ingest,detector,enrichment,analyzer'),
    /** WebSocket (README "WebSocket"): `?token=` every socket must present when set. */
    WEBSOCKET_TOKEN: z.string().min(1).optional(),
    WS_HEARTBEAT_SECONDS: envInt(30, 1, 3600),
    WS_IDLE_TIMEOUT_SECONDS: envInt(300, 1, 86_400),
    /** Bytes queued for one socket beyond which it is a slow consumer and closed with 1013. */
    WS_MAX_BUFFERED_BYTES: envInt(4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    WS_REPLAY_SIZE: envInt(1000, 1, 100_000),
    WS_SYSTEM_INTERVAL_SECONDS: envInt(5, 1, 3600),
    /** New WebSocket connections per client IP per minute, across replicas. */
    WS_CONNECTIONS_PER_MINUTE: envInt(60, 1, 100_000),
    /** How often each replica looks for cameras that went offline or came back. */
    CAMERA_STATUS_SWEEP_SECONDS: envInt(10, 1, 3600),
  })
  .refine((config) => !config.API_KEY_ENABLED || config.API_KEYS.length > 0, {
    path: ['API_KEYS'],
    message: 'must list at least one key when API_KEY_ENABLED is true',
  });

export type ApiConfig = z.output<typeof apiConfigSchema>;

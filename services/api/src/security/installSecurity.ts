import type { Express } from 'express';
import type { ApiDeps } from '../deps';
import { requireApiKey } from './apiKeys';
import { jsonBodyParser, requireJsonBody } from './bodyGuards';
import { trustProxySetting } from './clientIp';
import { corsPolicy } from './corsPolicy';
import { rateLimit } from './rateLimit';
import { securityHeaders } from './securityHeaders';

/**
 * The request pipeline in front of every route, in this order: headers on every response
 * (errors included), CORS (preflights answered before auth), rate limit (so key guessing is
 * throttled too), API key, then body checks and parsing.
 */
export function installSecurity(app: Express, deps: ApiDeps): void {
  const { config } = deps;
  app.disable('x-powered-by');
  // Escapes <, > and & in JSON output: a hostile string echoed back cannot become markup.
  app.set('json escape', true);
  app.set('trust proxy', trustProxySetting(config.TRUSTED_PROXY_IPS));
  app.use(securityHeaders());
  app.use(corsPolicy(config.CORS_ORIGINS));
  if (config.RATE_LIMIT_ENABLED) {
    app.use(
      rateLimit({
        redis: deps.redis,
        prefix: config.QUEUE_PREFIX,
        logger: deps.logger,
        tiers: {
          default: { perWindow: config.RATE_LIMIT_REQUESTS_PER_MINUTE + config.RATE_LIMIT_BURST },
          media: { perWindow: config.RATE_LIMIT_MEDIA_REQUESTS_PER_MINUTE },
          search: { perWindow: config.RATE_LIMIT_SEARCH_REQUESTS_PER_MINUTE },
        },
      }),
    );
  }
  if (config.API_KEY_ENABLED) app.use(requireApiKey(config.API_KEYS));
  app.use(requireJsonBody);
  app.use(jsonBodyParser());
}

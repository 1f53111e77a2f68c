import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's defaults (nosniff, CSP, no X-Powered-By, ...) with framing denied outright and
 * cross-origin reads of media allowed, so a dashboard on another allowed origin can show
 * thumbnails. Neither express nor node's http sends a Server header, so no version leaks.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    frameguard: { action: 'deny' },
    contentSecurityPolicy: {
      // Framing is refused in CSP too; no forced https upgrade, the API is often plain HTTP on a LAN.
      directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    // Plain HTTP on a home network is the common deployment; HSTS belongs on the TLS proxy.
    strictTransportSecurity: false,
  });
}

import type { RequestHandler } from 'express';
import helmet from 'helmet';

// The planner is plain ES modules, CSS and data from this origin, with no inline scripts and no
// CDN, so everything is 'self'. Its timeline places bars with style attributes (grid columns
// worked out per consultation), which CSP counts as inline style: allowed for attributes only
// (style-src-attr), never for <style> elements or scripts. No page may frame the service
// (clickjacking a coordinator's buttons). upgrade-insecure-requests and HSTS are left to the
// TLS proxy in front (docs/operating.md): the service itself may be reached over plain HTTP on a
// council network, and HSTS with includeSubDomains would bind every host of the council's domain.
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** On every response, the planner's, GraphQL's, the feeds' and errors alike. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' }, // feed URLs carry their token
  });
}

import type { LoggerService } from '@nestjs/common';
import { destination, type DestinationStream, type LoggerOptions, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';
import { textDestination } from './text-log';

// Secrets never reach the logs: keys and sessions travel in headers, feed tokens in query
// strings, sign-in link tokens in the path.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.token',
  'res.headers["set-cookie"]',
  // A redirect to an identity provider carries the sign-in's state and nonce.
  'res.headers.location',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
];

export function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'consultation-calendar' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}

// A header or query parameter whose name says it carries a secret, however spelt: `x-api-key`,
// `X-Auth-Token`, `TOKEN`, or percent-encoded (`%74oken` is `token` to Express, and is accepted).
const SECRET_NAME = /key|token|secret|passw|auth|cookie|session|signature|credential/i;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

// The identity provider sends the browser back with a one-time code and the sign-in's state in the query.
const OIDC_CALLBACK = /^\/auth\/oidc\/callback(\?|$)/;

/** Calendar clients put the feed token in the URL, and sign-in links theirs in the path, so request URLs are logged without them. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url && OIDC_CALLBACK.test(url)) return url.replace(/\?.*/, '?[redacted]');
  return url?.replace(/^(\/auth\/email-link\/)[^/?#]+/, '$1[redacted]').replace(/([?&;])([^=&#;]*)=([^&#;]*)/g, (whole, separator: string, name: string) =>
    SECRET_NAME.test(decodedName(name)) ? `${separator}${name}=[redacted]` : whole,
  );
}

function redactNamed(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_NAME.test(name) ? '[redacted]' : value]));
}

// For pino-http: the service's options, and request URLs logged without secrets.
export function httpLoggerOptions(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): LoggerOptions {
  return {
    ...loggerOptions(config),
    serializers: {
      req: stdSerializers.wrapRequestSerializer((req) => {
        req.url = redactUrl(req.url) ?? '';
        // The URL says it all, redacted; its parts as the router split them (a sign-in link's token) would not be.
        (req as { params?: unknown }).params = undefined;
        req.headers = redactNamed(req.headers) as typeof req.headers;
        const parsed = req as unknown as { query?: Record<string, unknown> };
        if (parsed.query && typeof parsed.query === 'object') parsed.query = OIDC_CALLBACK.test(req.url) ? undefined : redactNamed(parsed.query);
        return req;
      }),
    },
  };
}

/** Where records go: formatted lines for a person (LOG_FORMAT=text), else pino's JSON on stdout. */
export function logDestination(config: Pick<AppConfig, 'logFormat'>): DestinationStream {
  return config.logFormat === 'text' ? textDestination() : destination(1);
}

// Nest announces every module and route it sets up (some forty lines a start, saying nothing an
// operator needs): they are logged at debug, and the start ends with readyMessage instead.
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'GraphQLModule']);

export function quietFramework(logger: LoggerService): LoggerService {
  const debug = logger.debug?.bind(logger) ?? (() => undefined);
  return {
    log: (message: unknown, ...rest: unknown[]) => (FRAMEWORK_CONTEXTS.has(rest.at(-1) as string) ? debug : logger.log.bind(logger))(message, ...rest),
    error: logger.error.bind(logger),
    warn: logger.warn.bind(logger),
    debug,
    verbose: logger.verbose?.bind(logger),
    fatal: logger.fatal?.bind(logger),
  };
}

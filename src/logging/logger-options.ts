import { type LoggerOptions, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';

// Secrets never reach the logs: keys travel in headers, and feed tokens in query strings.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.token',
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

/** Calendar clients put the feed token in the URL, so request URLs are logged without it. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

// For pino-http: the service's options, and request URLs logged without secrets.
export function httpLoggerOptions(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): LoggerOptions {
  return {
    ...loggerOptions(config),
    serializers: {
      req: stdSerializers.wrapRequestSerializer((req) => {
        req.url = redactUrl(req.url) ?? '';
        return req;
      }),
    },
  };
}

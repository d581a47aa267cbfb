import type { LoggerOptions } from 'pino';
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

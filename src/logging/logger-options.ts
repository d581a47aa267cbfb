import type { LoggerService } from '@nestjs/common';
import { destination, type DestinationStream, type LoggerOptions, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';
import { textDestination } from './text-log';

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

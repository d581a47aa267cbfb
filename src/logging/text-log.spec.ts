import pino from 'pino';
import { loggerOptions, quietFramework } from './logger-options';
import { readyMessage } from './ready-message';
import { formatLogRecord, textDestination } from './text-log';

describe('the start-up lines', () => {
  const facts = { publicBaseUrl: 'http://127.0.0.1:3000', databaseUrl: 'postgres://calendar:secret@db.internal:5432/calendar', embedded: false, hasMembers: true, cli: 'npm run cli --' };

  /** What a terminal shows for the ready record, as main logs it, without the time. */
  function printed(ready: ReturnType<typeof readyMessage>): string[] {
    const lines: string[] = [];
    const log = pino(loggerOptions({ logLevel: 'info', nodeEnv: 'development' }), textDestination({ write: (text) => lines.push(...text.trimEnd().split('\n')) }));
    log.info(ready.fields, ready.message);
    return lines.map((line) => line.replace(/^\d\d:\d\d:\d\d /, ''));
  }

  it('name where the planner, GraphQL and the health check are, in a few lines', () => {
    expect(printed(readyMessage(facts))).toEqual([
      'Consultation Calendar is ready, on the PostgreSQL at db.internal:5432/calendar',
      '  planner  http://127.0.0.1:3000/',
      '  graphql  http://127.0.0.1:3000/graphql',
      '  health   http://127.0.0.1:3000/health',
    ]);
  });

  it('say how to get a key while nobody has one, with the CLI as it runs here', () => {
    const lines = printed(readyMessage({ ...facts, embedded: true, hasMembers: false, cli: 'node dist/cli/main.js' }));
    expect(lines[0]).toBe('Consultation Calendar is ready, on the embedded PostgreSQL');
    expect(lines[4]).toBe(
      '  next     in a second terminal, node dist/cli/main.js demo (a sample year, four members\' keys) or node dist/cli/main.js bootstrap --email you@example.org; then open the planner and paste a key',
    );
  });

  it('use the public address behind a proxy, and a reachable one when listening on every interface', () => {
    expect(readyMessage({ ...facts, publicBaseUrl: 'https://consult.example.org/calendar' }).fields.planner).toBe('https://consult.example.org/calendar/');
    expect(readyMessage({ ...facts, publicBaseUrl: 'http://0.0.0.0:3000' }).fields.graphql).toBe('http://localhost:3000/graphql');
  });

  it('never show the database password', () => {
    expect(JSON.stringify(readyMessage(facts))).not.toContain('secret');
  });
});

describe('text log lines', () => {
  const time = '2027-03-01T09:30:05.000Z';
  const clock = new Date(time).toTimeString().slice(0, 8);

  it('put a request on one line, and a warning or an error with its level and stack', () => {
    expect(formatLogRecord({ level: 30, time, msg: 'request completed', req: { method: 'POST', url: '/graphql', headers: {} }, res: { statusCode: 200 }, responseTime: 12 })).toBe(`${clock} POST /graphql 200 12 ms`);
    expect(formatLogRecord({ level: 40, time, context: 'DigestQueue', msg: 'SMTP refused' })).toBe(`${clock} WARN [DigestQueue] SMTP refused`);
    const error = formatLogRecord({ level: 50, time, msg: 'Start-up failed', err: { message: 'boom', stack: 'Error: boom\n    at main' } });
    expect(error.split('\n')).toEqual([`${clock} ERROR Start-up failed`, '    Error: boom', '        at main']);
  });

  it('give other fields a line each, and leave out what a person does not need', () => {
    expect(formatLogRecord({ level: 30, time, pid: 1, hostname: 'h', service: 'consultation-calendar', msg: 'Loaded the network reference data', seeded: { areas: 196 } })).toBe(
      `${clock} Loaded the network reference data\n  seeded  {"areas":196}`,
    );
  });
});

describe('the framework logger', () => {
  it("logs Nest's module and route announcements at debug, and everything else as it was", () => {
    const calls: string[] = [];
    const record = (level: string) => (message: unknown, ...rest: unknown[]) => void calls.push(`${level} ${String(message)} ${String(rest.at(-1))}`);
    const logger = quietFramework({ log: record('log'), debug: record('debug'), warn: record('warn'), error: record('error') });
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.log('Re-evaluated 12 consultations', 'ConflictReevaluation');
    logger.warn('SMTP is slow', 'DigestQueue');
    expect(calls).toEqual([
      'debug AppModule dependencies initialized InstanceLoader',
      'debug Mapped {/health, GET} route RouterExplorer',
      'log Re-evaluated 12 consultations ConflictReevaluation',
      'warn SMTP is slow DigestQueue',
    ]);
  });
});

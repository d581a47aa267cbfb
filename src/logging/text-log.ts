import type { DestinationStream } from 'pino';

// LOG_FORMAT=text (the default at a terminal): pino's records as lines a person reads. The time
// and the message, WARN or ERROR before it when not info; a request on one line; the record's
// other fields below it, one a line. LOG_FORMAT=json keeps pino's records for a log collector.

const LEVELS: Record<number, string> = { 10: 'TRACE ', 20: 'DEBUG ', 30: '', 40: 'WARN ', 50: 'ERROR ', 60: 'FATAL ' };
const NOT_SHOWN = new Set(['level', 'time', 'service', 'pid', 'hostname', 'msg', 'context', 'req', 'res', 'responseTime', 'err']);

type LogRecord = Record<string, unknown>;

export function formatLogRecord(record: LogRecord): string {
  const time = typeof record.time === 'string' || typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const head = `${time} ${LEVELS[record.level as number] ?? ''}${headline(record)}`;
  const fields = Object.entries(record).filter(([key, value]) => !NOT_SHOWN.has(key) && value !== undefined);
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  const err = record.err as { stack?: string; message?: string } | undefined;
  return [
    head,
    ...fields.map(([key, value]) => `  ${key.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}`),
    ...(err ? [indent(err.stack ?? err.message ?? String(err))] : []),
  ].join('\n');
}

/** A pino destination writing formatted lines to `out` (stdout by default). */
export function textDestination(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(`${formatLogRecord(JSON.parse(line) as LogRecord)}\n`) };
}

function headline(record: LogRecord): string {
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { statusCode?: number } | undefined;
  if (req && res) return `${req.method} ${req.url} ${res.statusCode} ${record.responseTime ?? '?'} ms`;
  const context = typeof record.context === 'string' ? `[${record.context}] ` : '';
  return `${context}${String(record.msg ?? '')}`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

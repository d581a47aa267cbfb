import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { describeDatabase } from './database-unavailable';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

interface Logger {
  warn(message: string): void;
}

/**
 * Start-up after a reboot often finds PostgreSQL still coming up: retry with a growing pause
 * (0.5 s doubling to 5 s), saying so on each attempt, and give up with a clear error after
 * `timeoutSeconds` (0: try once).
 */
export async function waitForDatabase(url: string, timeoutSeconds: number, logger: Logger): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let attempt = 1, pause = 500; ; attempt++, pause = Math.min(pause * 2, 5000)) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code : String(error);
      if (Date.now() + pause > deadline) {
        throw new DatabaseUnreachableError(
          `PostgreSQL at ${describeDatabase(url)} did not answer within ${timeoutSeconds} s (${reason}). Check DATABASE_URL and that the server is running; DATABASE_WAIT_SECONDS sets how long to wait.`,
        );
      }
      logger.warn(`Waiting for PostgreSQL at ${describeDatabase(url)} (attempt ${attempt}: ${reason}); trying again in ${pause / 1000} s`);
      await sleep(pause);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

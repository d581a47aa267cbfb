import { Client, ClientConfig, Connection } from 'pg';
import { currentDeadline } from '../common/deadline/request-deadline';

// What pg knows of its backend and uses for its own cancel requests, not in its typings.
interface Backend {
  host: string;
  port: number;
  processID: number;
  secretKey: number;
}

// A failed transaction must still be ended, deadline or not, or its connection goes back to the pool inside it.
const ENDS_TRANSACTION = /^\s*ROLLBACK\b/i;

/**
 * Every connection of the service's pool (TypeORM hands it to pg's Pool as `extra.Client`).
 *
 * An error listener from the start: the pool listens while a connection is idle and TypeORM while
 * it lends it out, but an 'error' event (PostgreSQL ending the session: pg_terminate_backend, a
 * restart, idle_in_transaction_session_timeout) that finds nobody listening ends the process.
 * Whoever uses the connection still gets the error on its next statement.
 *
 * The request's deadline (request-deadline.ts): a statement sent after it has passed is refused,
 * and one running when it passes is cancelled (PostgreSQL's cancel request, as psql's Ctrl-C);
 * either fails with REQUEST_TIMEOUT, and the transaction around it is rolled back.
 */
export class PooledClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }

  // Only the promise form, the one TypeORM uses, is watched; callbacks and streams pass as they are.
  override query(...args: any[]): any {
    const deadline = currentDeadline();
    const send = () => (super.query as (...a: unknown[]) => any)(...args);
    const text: unknown = typeof args[0] === 'string' ? args[0] : args[0]?.text;
    if (!deadline || typeof args.at(-1) === 'function' || typeof args[0]?.submit === 'function' || (typeof text === 'string' && ENDS_TRANSACTION.test(text))) return send();
    if (deadline.passed) return Promise.reject(deadline.error());
    const cancel = () => cancelRunning(this as unknown as Backend);
    deadline.signal.addEventListener('abort', cancel, { once: true });
    return (send() as Promise<unknown>).then(
      (result) => {
        deadline.signal.removeEventListener('abort', cancel);
        return result;
      },
      (error: unknown) => {
        deadline.signal.removeEventListener('abort', cancel);
        throw deadline.passed ? deadline.error() : error;
      },
    );
  }
}

/** PostgreSQL's cancel request, on a connection of its own: whatever the backend runs stops with 57014. */
function cancelRunning({ host, port, processID, secretKey }: Backend): void {
  const connection = new Connection() as Connection & { connect(port: number | string, host?: string): void; cancel(processID: number, secretKey: number): void };
  connection.on('error', () => undefined);
  connection.on('connect', () => connection.cancel(processID, secretKey));
  if (host?.startsWith('/')) connection.connect(`${host}/.s.PGSQL.${port}`);
  else connection.connect(port, host);
}

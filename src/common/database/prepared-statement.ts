import { EntityManager } from 'typeorm';

/**
 * A statement sent by name, so that each pooled connection parses and plans it once: on a small
 * register, getting the clash check's query ready cost PostgreSQL more than running it. pg
 * prepares it on a connection the first time that connection sends it; it is planned once for any
 * parameters (plan_cache_mode, see connectionSettings). A pooler in transaction mode in front of
 * PostgreSQL would need to support named statements (PgBouncer 1.21 and later do).
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name, text };
}

export function runPrepared<Row>(manager: EntityManager, statement: PreparedStatement, params: unknown[]): Promise<Row[]> {
  // TypeORM hands the query to pg as it is, and pg takes { name, text } for a named statement.
  return manager.query(statement as unknown as string, params);
}

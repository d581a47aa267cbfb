import { EntityManager } from 'typeorm';

/**
 * A statement sent by name, so that each pooled connection parses it once and PostgreSQL may keep
 * its plan: on a small register, parsing and planning the clash check's query cost more than
 * running it. pg prepares it on a connection the first time that connection sends it. A pooler in
 * transaction mode in front of PostgreSQL would need to support named statements (PgBouncer 1.21+).
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

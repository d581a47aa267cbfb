import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, In } from 'typeorm';

type Key = 'id' | 'code';

/**
 * Reference rows the service never updates or deletes once written (areas, audiences,
 * organisations), kept in memory after their first read: resolving a plan's codes and naming
 * its clashes then costs no query. A key not held yet is read from the database, so a row
 * that another process has just created is found at once; an unknown key is never held, so
 * guessing codes cannot grow the cache beyond the table. A row edited by hand in SQL shows
 * after a restart. The rows handed out are frozen, as they are shared between requests.
 */
export class ImmutableRows<R extends { id: string; code: string }> {
  private readonly held: Record<Key, Map<string, R>> = { id: new Map(), code: new Map() };

  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<R>,
  ) {}

  /** The rows of these ids that exist, in the order given, duplicates dropped. */
  byIds(ids: readonly string[], manager?: EntityManager): Promise<R[]> {
    return this.rows('id', ids, manager);
  }

  /** The rows of these codes that exist, in the order given, duplicates dropped. */
  byCodes(codes: readonly string[], manager?: EntityManager): Promise<R[]> {
    return this.rows('code', codes, manager);
  }

  private async rows(key: Key, values: readonly string[], manager = this.dataSource.manager): Promise<R[]> {
    const unique = [...new Set(values)];
    const found = new Map<string, R>();
    const missing: string[] = [];
    for (const value of unique) {
      const row = this.held[key].get(value);
      if (row) found.set(value, row);
      else missing.push(value);
    }
    if (missing.length) {
      // Only committed rows are kept: a transaction's own new rows could still be rolled back.
      const committed = !manager.queryRunner?.isTransactionActive;
      for (const row of await manager.findBy(this.entity, { [key]: In(missing) } as FindOptionsWhere<R>)) {
        const shared = committed ? this.hold(row) : row;
        found.set(shared[key], shared);
      }
    }
    return unique.flatMap((value) => found.get(value) ?? []);
  }

  private hold(row: R): R {
    const existing = this.held.id.get(row.id);
    if (existing) return existing;
    for (const value of Object.values(row)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(row);
    this.held.id.set(row.id, row);
    this.held.code.set(row.code, row);
    return row;
  }
}

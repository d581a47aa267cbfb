import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppError } from '../errors/app-error';

type Key = 'id' | 'code';
interface Held<R> { row: R; until: number }

/**
 * Reference rows (areas, audiences, organisations) kept in memory after their first read, so that
 * resolving a plan's codes and naming its clashes costs no query. They change rarely and only by
 * a coordinator: this process forgets a row it has just changed, and every row is read again once
 * it has been held for `holdMs`, so another instance's change shows within that time. A key not
 * held is read from the database, so a row another process has just created is found at once; an
 * unknown key is never held, so guessing codes cannot grow the cache beyond the table. The rows
 * handed out are frozen, as they are shared between requests.
 */
export class ReferenceRows<R extends { id: string; code: string }> {
  private readonly held: Record<Key, Map<string, Held<R>>> = { id: new Map(), code: new Map() };

  constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<R>,
    private readonly holdMs: number,
  ) {}

  /** The rows of these ids that exist, in the order given, duplicates dropped. */
  byIds(ids: readonly string[], manager?: EntityManager): Promise<R[]> {
    return this.rows('id', ids, manager);
  }

  /** The rows of these codes that exist, in the order given, duplicates dropped. */
  byCodes(codes: readonly string[], manager?: EntityManager): Promise<R[]> {
    return this.rows('code', codes, manager);
  }

  /**
   * Changes the row of this code in one transaction, with it locked: `change` gives the new
   * values (or throws a member's mistake), and `record` audits them in the same transaction
   * (`manager`'s, when given). Afterwards the row is read afresh here. NOT_FOUND, on `code`, if
   * there is no such row.
   */
  async update(
    code: string,
    noun: string,
    change: (row: R) => Partial<R>,
    record: (manager: EntityManager, change: { entityId: string; before: Partial<R>; after: Partial<R> }) => Promise<void>,
    inTransaction?: EntityManager,
  ): Promise<R> {
    const work = async (manager: EntityManager) => {
      const row = await manager.findOne(this.entity, { where: { code } as FindOptionsWhere<R>, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound(noun, 'code');
      const after = change(row);
      const before = Object.fromEntries(Object.keys(after).map((key) => [key, row[key as keyof R]])) as Partial<R>;
      if (Object.keys(after).length > 0) await manager.update(this.entity, row.id, after as QueryDeepPartialEntity<R>);
      await record(manager, { entityId: row.id, before, after });
      return { ...row, ...after };
    };
    const updated = inTransaction ? await work(inTransaction) : await this.dataSource.transaction(work);
    this.held.id.delete(updated.id);
    this.held.code.delete(updated.code);
    return updated;
  }

  private async rows(key: Key, values: readonly string[], manager = this.dataSource.manager): Promise<R[]> {
    const unique = [...new Set(values)];
    const now = Date.now();
    const found = new Map<string, R>();
    const missing: string[] = [];
    for (const value of unique) {
      const held = this.held[key].get(value);
      if (held && held.until > now) found.set(value, held.row);
      else missing.push(value);
    }
    if (missing.length) {
      // Only committed rows are kept: a transaction's own new rows could still be rolled back.
      const committed = !manager.queryRunner?.isTransactionActive;
      for (const row of await manager.findBy(this.entity, { [key]: In(missing) } as FindOptionsWhere<R>)) {
        found.set(row[key], committed ? this.hold(row, now) : row);
      }
    }
    return unique.flatMap((value) => found.get(value) ?? []);
  }

  private hold(row: R, now: number): R {
    if (this.holdMs === 0) return row;
    for (const value of Object.values(row)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(row);
    const held = { row, until: now + this.holdMs };
    this.held.id.set(row.id, held);
    this.held.code.set(row.code, held);
    return row;
  }
}

/** A new name, trimmed, when one is given; a blank one is refused. */
export function renaming(name: string | null | undefined): { name?: string } {
  if (name === undefined || name === null) return {};
  if (!name.trim()) throw AppError.badInput('name', 'name must not be blank');
  return { name: name.trim() };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { EntityManager } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service';
import { Caller } from '../../src/auth/caller';
import { addDays } from '../../src/common/dates/calendar-date';
import { ConflictStore } from '../../src/conflicts/conflict-store';
import { ConsultationEntity } from '../../src/consultations/consultation.entity';
import { ConsultationImportService } from '../../src/spreadsheets/consultation-import.service';
import { createTestApp, TestApp } from '../support/test-app';

// An applied import judges its rows together (ConflictStore.judge) before it writes them, and
// refreshes its neighbours' FATIGUE once. What it keeps must be exactly what registering the rows
// and then judging them one at a time (ConflictStore.recompute, as each registration does) keeps:
// every conflict row, acknowledgements and their lapsing included, ids and timestamps aside. The
// one-by-one way is replayed on the same consultations, from the conflicts kept before the import,
// in a transaction that is rolled back.

const YEAR = readFileSync(join(__dirname, '..', '..', 'data', 'realistic-year-2027', 'register.csv'), 'utf8');
const CONFLICT_ROWS = `SELECT to_jsonb(c) - 'id' - 'created_at' - 'updated_at' AS row FROM conflict c`;

/**
 * Consultations of the year again, taken across it (every `step`th, round and round), each moved by
 * one of `shifts` days in turn: they overlap the year and each other, and tire the people it asks.
 */
function shiftedPlan(shifts: number[], rows: number, step: number): string {
  const [header, ...year] = parse(YEAR, { bom: true }) as string[][];
  const [start, end] = [header.indexOf('start'), header.indexOf('end')];
  const plan = Array.from({ length: rows }, (_, i) => {
    const days = shifts[i % shifts.length];
    return year[(i * step) % year.length].map((cell, column) => (column === start || column === end ? addDays(cell, days) : cell));
  });
  return stringify([header, ...plan]);
}

describe('an applied import', () => {
  let t: TestApp;
  let caller: Caller;
  let imports: ConsultationImportService;

  beforeAll(async () => {
    t = await createTestApp();
    const { email } = await t.member('SCC', 'COORDINATOR');
    caller = (await t.app.get(AuthService).callerForEmail(email))!;
    imports = t.app.get(ConsultationImportService);
  }, 60_000);
  afterAll(() => t.close());

  /** Applies `csv`, and returns the conflicts kept and those one-by-one judging keeps, each sorted. */
  async function appliedAndOneByOne(csv: string): Promise<{ applied: string[]; oneByOne: string[]; rows: number }> {
    await t.dataSource.query(`DROP TABLE IF EXISTS conflict_before; CREATE TABLE conflict_before AS TABLE conflict`);
    const report = await imports.importCsv(caller, csv, false);
    expect(report.problems).toEqual([]);
    const created = report.rows.map((row) => row.consultation!);
    const applied = await keptConflicts();
    const oneByOne = await judgedOneByOne(created);
    return { applied, oneByOne, rows: created.length };
  }

  async function keptConflicts(manager: EntityManager = t.dataSource.manager): Promise<string[]> {
    return ((await manager.query(CONFLICT_ROWS)) as { row: object }[]).map((r) => JSON.stringify(r.row)).sort();
  }

  /** What recompute() of each consultation in turn keeps, from the conflicts kept before the import: worked out in a transaction rolled back. */
  async function judgedOneByOne(consultations: readonly ConsultationEntity[]): Promise<string[]> {
    const store = t.app.get(ConflictStore);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`DELETE FROM conflict; INSERT INTO conflict SELECT * FROM conflict_before`);
      for (const { id } of consultations) await store.recompute(runner.manager, (await runner.manager.findOneBy(ConsultationEntity, { id }))!);
      return await keptConflicts(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('keeps the realistic year as registering its consultations one at a time keeps it', async () => {
    const { applied, oneByOne, rows } = await appliedAndOneByOne(YEAR);
    expect(rows).toBe(216);
    expect(applied.length).toBeGreaterThan(1000);
    expect(applied).toEqual(oneByOne);
  }, 120_000);

  it('keeps a 120-row plan over it, its neighbours\' FATIGUE and lapsed acknowledgements included, as one at a time', async () => {
    await t.dataSource.query(`UPDATE conflict SET acknowledged_note = 'Agreed at the network meeting', acknowledged_by = $1, acknowledged_at = now()`, [caller.memberId]);
    const { applied, oneByOne, rows } = await appliedAndOneByOne(shiftedPlan([7, 21], 120, 5));
    expect(rows).toBe(120);
    expect(applied).toEqual(oneByOne);
    // The plan changed the year's own FATIGUE verdicts, and some acknowledgements lapsed with them.
    const [{ changed, lapsed }] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE c.substance IS DISTINCT FROM b.substance OR c.related_ids IS DISTINCT FROM b.related_ids)::int AS changed,
              count(*) FILTER (WHERE c.acknowledged_at IS NULL)::int AS lapsed
         FROM conflict c JOIN conflict_before b ON b.id = c.id WHERE c.kind = 'FATIGUE'`,
    );
    expect(changed).toBeGreaterThan(0);
    expect(lapsed).toBeGreaterThan(0);
  }, 120_000);
});

import { MigrationInterface, QueryRunner } from 'typeorm';

// The outbox of neighbours' re-evaluations (ConflictRefreshQueue): a registration, edit or
// cancellation keeps its own conflicts in its request and writes here, in the same transaction,
// which other consultations' FATIGUE it may have changed; a worker brings those up to date after.
// A row is deleted in the transaction that does its work, so work is never lost nor kept twice.
export class ConflictRefresh1765700000000 implements MigrationInterface {
  name = 'ConflictRefresh1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conflict_refresh (
        id bigserial PRIMARY KEY,
        consultation_id uuid NOT NULL,
        affected_ids uuid[] NOT NULL,
        area_lineage_ids uuid[] NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        not_before timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // conflictsUpToDate and the launch gate ask whether a consultation awaits its FATIGUE.
    await q.query(`CREATE INDEX conflict_refresh_affected_idx ON conflict_refresh USING gin (affected_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conflict_refresh`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// Network review: the coordinator's decisions on plans that need agreement before launch (see
// src/reviews). Each decision is kept (agreed, or changes asked for with a note); the latest one
// counts while the plan still needs only what it covered (`basis`: the ALL_ASKED audiences asked in
// its window, the others it clashes HIGH with) and, for changes asked for, until the plan is edited
// (`consultation_version`). What needs review is worked out from the plan and the settings, not kept.
export class ConsultationReviews1766200000000 implements MigrationInterface {
  name = 'ConsultationReviews1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultation_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consultation_id uuid NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
        consultation_version integer NOT NULL,
        agree boolean NOT NULL,
        note varchar(2000) NOT NULL,
        basis text[] NOT NULL,
        reasons jsonb NOT NULL,
        reviewed_by uuid NOT NULL REFERENCES member(id),
        reviewed_at timestamptz NOT NULL,
        -- Orders two decisions made at one reviewed_at (a test's fixed clock).
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX consultation_review_latest_idx ON consultation_review (consultation_id, reviewed_at DESC, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS consultation_review`);
  }
}

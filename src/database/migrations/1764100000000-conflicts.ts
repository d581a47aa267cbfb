import { MigrationInterface, QueryRunner } from 'typeorm';

// Blackout periods and the stored conflicts both sides of a clash see. A pair conflict is kept
// once, with consultation_id < other_id, and an explanation written from each side.
export class Conflicts1764100000000 implements MigrationInterface {
  name = 'Conflicts1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE blackout_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) UNIQUE,
        name varchar(200) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        severity text NOT NULL DEFAULT 'HIGH' CHECK (severity IN ('HIGH','MEDIUM','LOW')),
        -- empty: every area / every audience
        area_ids uuid[] NOT NULL DEFAULT '{}',
        area_block_ids uuid[] NOT NULL DEFAULT '{}',
        area_lineage_ids uuid[] NOT NULL DEFAULT '{}',
        audience_ids uuid[] NOT NULL DEFAULT '{}',
        audience_lineage_ids uuid[] NOT NULL DEFAULT '{}',
        period daterange GENERATED ALWAYS AS (daterange(start_date, end_date, '[]')) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX blackout_period_idx ON blackout_period USING gist (period)`);

    await q.query(`
      CREATE TABLE conflict (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('OVERLAP','DUPLICATE','FATIGUE','BLACKOUT')),
        severity text NOT NULL CHECK (severity IN ('HIGH','MEDIUM','LOW')),
        consultation_id uuid NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
        other_id uuid REFERENCES consultation(id) ON DELETE CASCADE,
        blackout_id uuid REFERENCES blackout_period(id) ON DELETE CASCADE,
        related_ids uuid[] NOT NULL DEFAULT '{}',
        shared_area_ids uuid[] NOT NULL DEFAULT '{}',
        shared_audience_ids uuid[] NOT NULL DEFAULT '{}',
        shared_channels text[] NOT NULL DEFAULT '{}',
        shared_topics text[] NOT NULL DEFAULT '{}',
        overlap_start date,
        overlap_end date,
        explanation text NOT NULL,
        other_explanation text,
        -- kind + shared days, areas and audiences: an acknowledgement lasts while this is unchanged
        substance text NOT NULL,
        acknowledged_note text,
        acknowledged_by uuid REFERENCES member(id),
        acknowledged_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (other_id IS NULL OR consultation_id < other_id)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX conflict_identity_key ON conflict
        (kind, consultation_id, coalesce(other_id, blackout_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await q.query(`CREATE INDEX conflict_consultation_idx ON conflict (consultation_id)`);
    await q.query(`CREATE INDEX conflict_other_idx ON conflict (other_id) WHERE other_id IS NOT NULL`);
    await q.query(`CREATE INDEX conflict_blackout_idx ON conflict (blackout_id) WHERE blackout_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS conflict`);
    await q.query(`DROP TABLE IF EXISTS blackout_period`);
  }
}

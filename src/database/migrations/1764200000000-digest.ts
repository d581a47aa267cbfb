import { MigrationInterface, QueryRunner } from 'typeorm';

// One row per member and ISO week: the unique key is what makes a digest go out at most once,
// whatever runs it (the schedule, a catch-up, a second instance, the CLI).
export class Digest1764200000000 implements MigrationInterface {
  name = 'Digest1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member ADD COLUMN digest_all_clear boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE digest_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        week char(8) NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
        week_start date NOT NULL,
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING','SENDING','SENT','FAILED','UNCERTAIN','SKIPPED')),
        attempts integer NOT NULL DEFAULT 0,
        email varchar(320),
        subject text,
        conflict_count integer,
        message_id text,
        last_error text,
        claimed_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (member_id, week)
      )`);
    await q.query(`CREATE INDEX digest_delivery_week_status_idx ON digest_delivery (week, status)`);
    await q.query(`CREATE INDEX digest_delivery_stale_idx ON digest_delivery (claimed_at) WHERE status = 'SENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS digest_delivery`);
    await q.query(`ALTER TABLE member DROP COLUMN IF EXISTS digest_all_clear`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// Calendar clients put credentials in the URL, so feeds get their own revocable tokens,
// stored (like API keys) only as a hash.
export class CalendarFeeds1764300000000 implements MigrationInterface {
  name = 'CalendarFeeds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        label varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX calendar_feed_member_idx ON calendar_feed (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS calendar_feed`);
  }
}

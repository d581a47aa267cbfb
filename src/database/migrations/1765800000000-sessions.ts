import { MigrationInterface, QueryRunner } from 'typeorm';

// People sign in (an emailed link) and get a server-side session, so that ending one works at
// once. Session tokens and link tokens are stored, as API keys are, only as a hash.
export class Sessions1765800000000 implements MigrationInterface {
  name = 'Sessions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        method text NOT NULL,
        user_agent varchar(200),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX member_session_member_idx ON member_session (member_id)`);
    await q.query(`
      CREATE TABLE sign_in_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        next_path varchar(2000),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX sign_in_link_member_idx ON sign_in_link (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sign_in_link`);
    await q.query(`DROP TABLE IF EXISTS member_session`);
  }
}

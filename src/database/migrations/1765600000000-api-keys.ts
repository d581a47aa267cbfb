import { MigrationInterface, QueryRunner } from 'typeorm';

// A member holds several named API keys (integrations, scripts), each with an optional expiry
// and a last-used time. The one key a member had (member.api_key_hash) becomes their first key
// row, marked `issued`: createMember, issueApiKey and the CLI's member:key replace that one only.
export class ApiKeys1765600000000 implements MigrationInterface {
  name = 'ApiKeys1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        key_hash char(64) NOT NULL UNIQUE,
        label varchar(100) NOT NULL,
        issued boolean NOT NULL DEFAULT false,
        expires_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_key_member_idx ON api_key (member_id)`);
    await q.query(`CREATE UNIQUE INDEX api_key_one_issued_idx ON api_key (member_id) WHERE issued AND revoked_at IS NULL`);
    await q.query(`INSERT INTO api_key (member_id, key_hash, label, issued) SELECT id, api_key_hash, 'Issued key', true FROM member WHERE api_key_hash IS NOT NULL`);
    await q.query(`ALTER TABLE member DROP COLUMN api_key_hash`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member ADD COLUMN api_key_hash char(64) UNIQUE`);
    await q.query(`UPDATE member m SET api_key_hash = k.key_hash FROM api_key k WHERE k.member_id = m.id AND k.issued AND k.revoked_at IS NULL`);
    await q.query(`DROP TABLE api_key`);
  }
}

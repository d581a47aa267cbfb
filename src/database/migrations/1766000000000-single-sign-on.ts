import { MigrationInterface, QueryRunner } from 'typeorm';

// Single sign-on (OpenID Connect). A sign-in under way is kept until the provider sends the
// browser back: its state (only as a hash: the browser holds it), PKCE verifier and nonce, used
// once. A member's identity at a provider (issuer and subject) is linked at their first sign-in,
// matched by verified email, so that later sign-ins follow the provider's stable subject.
export class SingleSignOn1766000000000 implements MigrationInterface {
  name = 'SingleSignOn1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_sign_in (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        state_hash char(64) NOT NULL UNIQUE,
        code_verifier varchar(128) NOT NULL,
        nonce varchar(128) NOT NULL,
        next_path varchar(2000),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX oidc_sign_in_expires_idx ON oidc_sign_in (expires_at)`);
    await q.query(`
      CREATE TABLE member_identity (
        issuer varchar(500) NOT NULL,
        subject varchar(255) NOT NULL,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);
    await q.query(`CREATE INDEX member_identity_member_idx ON member_identity (member_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS member_identity`);
    await q.query(`DROP TABLE IF EXISTS oidc_sign_in`);
  }
}

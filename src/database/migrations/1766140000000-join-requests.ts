import { MigrationInterface, QueryRunner } from 'typeorm';

// Joint consultations. An organisation asks to join another's registered consultation with a note
// of what it wants to ask, optionally naming its own plan for the same people; the owner accepts or
// declines. An accepted request makes the asking organisation a partner: it sees the consultation
// while it is a draft, and its named plan (kept as a linked part, or cancelled as "joined <title>")
// no longer clashes with it. One open (pending or accepted) request per organisation and consultation.
export class JoinRequests1766140000000 implements MigrationInterface {
  name = 'JoinRequests1766140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE join_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consultation_id uuid NOT NULL REFERENCES consultation(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        own_consultation_id uuid REFERENCES consultation(id),
        cancel_own boolean NOT NULL DEFAULT false,
        note varchar(2000) NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','ACCEPTED','DECLINED')),
        requested_by uuid NOT NULL REFERENCES member(id),
        requested_at timestamptz NOT NULL,
        answer_note varchar(2000),
        answered_by uuid REFERENCES member(id),
        answered_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK (own_consultation_id IS NOT NULL OR NOT cancel_own),
        CHECK (own_consultation_id IS DISTINCT FROM consultation_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX join_request_open_key ON join_request (consultation_id, organisation_id) WHERE status IN ('PENDING','ACCEPTED')`);
    // Visibility: the consultations an organisation has joined (see ConsultationsRepository).
    await q.query(`CREATE INDEX join_request_partner_idx ON join_request (organisation_id, consultation_id) WHERE status = 'ACCEPTED'`);
    // The clash check: the joint consultations a plan is a linked part of (see CANDIDATES_SQL).
    await q.query(`CREATE INDEX join_request_own_idx ON join_request (own_consultation_id) WHERE status = 'ACCEPTED' AND own_consultation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS join_request`);
  }
}

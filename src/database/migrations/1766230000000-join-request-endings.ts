import { MigrationInterface, QueryRunner } from 'typeorm';

// A join request can end: the asking organisation withdraws it while PENDING (WITHDRAWN), a partner
// leaves (LEFT), or the owner ends a partner's part (REMOVED). Who ended it, when and their note are
// kept beside the answer. Ended, a request frees its (consultation, organisation) pair: the open-request
// index, draft visibility and the clash check all read PENDING or ACCEPTED only.
export class JoinRequestEndings1766230000000 implements MigrationInterface {
  name = 'JoinRequestEndings1766230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE join_request DROP CONSTRAINT join_request_status_check`);
    await q.query(`ALTER TABLE join_request ADD CONSTRAINT join_request_status_check CHECK (status IN ('PENDING','ACCEPTED','DECLINED','WITHDRAWN','LEFT','REMOVED'))`);
    await q.query(`ALTER TABLE join_request ADD COLUMN end_note varchar(2000), ADD COLUMN ended_by uuid REFERENCES member(id), ADD COLUMN ended_at timestamptz`);
    await q.query(`ALTER TABLE join_request ADD CONSTRAINT join_request_ended CHECK ((status IN ('WITHDRAWN','LEFT','REMOVED')) = (ended_at IS NOT NULL))`);
    // The digest's "ended since the last one" per consultation.
    await q.query(`CREATE INDEX join_request_ended_idx ON join_request (ended_at) WHERE ended_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Before endings there was no way back from a request: an ended one reads as declined.
    await q.query(`ALTER TABLE join_request DROP CONSTRAINT IF EXISTS join_request_ended`);
    await q.query(`UPDATE join_request SET status = 'DECLINED' WHERE status IN ('WITHDRAWN','LEFT','REMOVED')`);
    await q.query(`ALTER TABLE join_request DROP COLUMN IF EXISTS end_note, DROP COLUMN IF EXISTS ended_by, DROP COLUMN IF EXISTS ended_at`);
    await q.query(`ALTER TABLE join_request DROP CONSTRAINT join_request_status_check`);
    await q.query(`ALTER TABLE join_request ADD CONSTRAINT join_request_status_check CHECK (status IN ('PENDING','ACCEPTED','DECLINED'))`);
  }
}

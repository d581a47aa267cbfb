import { MigrationInterface, QueryRunner } from 'typeorm';

// Severity asks whether the same people will be asked twice, and that depends on whom an audience
// reaches: every member of a panel or of the network's list of parish councils is contacted
// (ALL_ASKED); a specific group is partly reached (GROUP); the public at large is rarely reached
// twice in the same person (GENERAL). Seeded audiences get their class by code; any other panel
// is ALL_ASKED and any other group GROUP, until a coordinator says otherwise (updateAudience).
export const ALL_ASKED_CODES = ['CITIZENS_PANEL', 'YOUTH_PANEL', 'PARISH_COUNCILS', 'VCS', 'STAFF'];
export const GENERAL_CODES = ['RESIDENTS', 'BUSINESSES'];

export class AudienceReach1765200000000 implements MigrationInterface {
  name = 'AudienceReach1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audience ADD COLUMN reach text NOT NULL DEFAULT 'GROUP' CHECK (reach IN ('ALL_ASKED', 'GROUP', 'GENERAL'))`);
    await q.query(`UPDATE audience SET reach = 'ALL_ASKED' WHERE code = ANY($1) OR kind = 'PANEL'`, [ALL_ASKED_CODES]);
    await q.query(`UPDATE audience SET reach = 'GENERAL' WHERE code = ANY($1)`, [GENERAL_CODES]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audience DROP COLUMN reach`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// A planning form asks, on every change, for the consultations open to partner questions it could
// join instead (PARTNER_OPPORTUNITIES_SQL): few among the register, so an index of their dates alone.
export class PartnerOpportunities1766240000000 implements MigrationInterface {
  name = 'PartnerOpportunities1766240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX consultation_open_to_partners_idx ON consultation USING gist (period) WHERE open_to_partners AND status IN ('PLANNED', 'LIVE')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS consultation_open_to_partners_idx`);
  }
}

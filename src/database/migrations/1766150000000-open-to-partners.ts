import { MigrationInterface, QueryRunner } from 'typeorm';

// A consultation its organisation has marked "open to partner questions" (a standing residents'
// survey, say): a plan that would ask the same people separately is pointed to it instead.
export class OpenToPartners1766150000000 implements MigrationInterface {
  name = 'OpenToPartners1766150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation ADD COLUMN open_to_partners boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP COLUMN open_to_partners`);
  }
}

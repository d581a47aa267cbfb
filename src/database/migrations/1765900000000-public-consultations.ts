import { MigrationInterface, QueryRunner } from 'typeorm';

// Each organisation decides per consultation whether the public forward look shows it; a new
// consultation takes its organisation's default. Everything already registered stays public, as
// the forward look showed it until now.
export class PublicConsultations1765900000000 implements MigrationInterface {
  name = 'PublicConsultations1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN public_by_default boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE consultation ADD COLUMN public boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP COLUMN public`);
    await q.query(`ALTER TABLE organisation DROP COLUMN public_by_default`);
  }
}

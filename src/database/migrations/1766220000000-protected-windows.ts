import { MigrationInterface, QueryRunner } from 'typeorm';

// Protected windows (protectConsultation): a coordinator keeps a flagship consultation's dates,
// widened by some days before and after, clear of others reaching its people. Both NULL when it is
// not protected; the clash check widens the dates in its candidate query (no stored range, so no
// rewrite of the table). Conflicts gain their kind PROTECTED.
export class ProtectedWindows1766220000000 implements MigrationInterface {
  name = 'ProtectedWindows1766220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation ADD COLUMN protected_days_before integer, ADD COLUMN protected_days_after integer`);
    await q.query(`
      ALTER TABLE consultation ADD CONSTRAINT consultation_protection_days CHECK (
        (protected_days_before IS NULL) = (protected_days_after IS NULL)
        AND protected_days_before BETWEEN 0 AND 90 AND protected_days_after BETWEEN 0 AND 90)`);
    await q.query(`ALTER TABLE conflict DROP CONSTRAINT conflict_kind_check`);
    await q.query(`ALTER TABLE conflict ADD CONSTRAINT conflict_kind_check CHECK (kind IN ('OVERLAP','DUPLICATE','FATIGUE','BLACKOUT','PROTECTED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM conflict WHERE kind = 'PROTECTED'`);
    await q.query(`ALTER TABLE conflict DROP CONSTRAINT conflict_kind_check`);
    await q.query(`ALTER TABLE conflict ADD CONSTRAINT conflict_kind_check CHECK (kind IN ('OVERLAP','DUPLICATE','FATIGUE','BLACKOUT'))`);
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT IF EXISTS consultation_protection_days, DROP COLUMN IF EXISTS protected_days_before, DROP COLUMN IF EXISTS protected_days_after`);
  }
}

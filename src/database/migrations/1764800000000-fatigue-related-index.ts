import { MigrationInterface, QueryRunner } from 'typeorm';

// Every registration, edit and cancellation asks which FATIGUE conflicts name the consultation
// among their related ones (ConflictStore.recompute). Without an index that read the whole conflict
// table, which a national register fills with millions of rows. GIN answers `related_ids @> {id}`.
export class FatigueRelatedIndex1764800000000 implements MigrationInterface {
  name = 'FatigueRelatedIndex1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX conflict_fatigue_related_idx ON conflict USING gin (related_ids) WHERE kind = 'FATIGUE'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX conflict_fatigue_related_idx`);
  }
}

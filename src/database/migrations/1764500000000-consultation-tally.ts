import { MigrationInterface, QueryRunner } from 'typeorm';

// How many consultations each organisation has in each status, kept by statement-level triggers,
// so an unfiltered list's totalCount is a sum over a few hundred rows instead of a count over a
// million (see ConsultationsRepository.page).
export class ConsultationTally1764500000000 implements MigrationInterface {
  name = 'ConsultationTally1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultation_tally (
        organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
        status text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (organisation_id, status)
      )`);
    // One upsert of the net change per statement: an edit that keeps organisation and status
    // (most edits) writes nothing, and rows are locked in key order.
    await q.query(`
      CREATE FUNCTION consultation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        change text := CASE TG_OP
          WHEN 'INSERT' THEN 'SELECT organisation_id, status, 1 AS d FROM new_rows'
          WHEN 'DELETE' THEN 'SELECT organisation_id, status, -1 AS d FROM old_rows'
          ELSE 'SELECT organisation_id, status, 1 AS d FROM new_rows UNION ALL SELECT organisation_id, status, -1 FROM old_rows'
        END;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM consultation_tally;
          RETURN NULL;
        END IF;
        -- Dynamic, because a transition table exists only for the events that have it.
        EXECUTE format($sql$
          INSERT INTO consultation_tally (organisation_id, status, n)
          SELECT organisation_id, status, sum(d) FROM (%s) AS change
           GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
              ON CONFLICT (organisation_id, status) DO UPDATE SET n = consultation_tally.n + excluded.n$sql$, change);
        RETURN NULL;
      END $$`);
    // A trigger with transition tables may have one event only.
    await q.query(`CREATE TRIGGER consultation_tally_insert AFTER INSERT ON consultation
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION consultation_tally_apply()`);
    await q.query(`CREATE TRIGGER consultation_tally_update AFTER UPDATE ON consultation
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION consultation_tally_apply()`);
    await q.query(`CREATE TRIGGER consultation_tally_delete AFTER DELETE ON consultation
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION consultation_tally_apply()`);
    await q.query(`CREATE TRIGGER consultation_tally_truncate AFTER TRUNCATE ON consultation
      FOR EACH STATEMENT EXECUTE FUNCTION consultation_tally_apply()`);
    await q.query(`INSERT INTO consultation_tally SELECT organisation_id, status, count(*) FROM consultation GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate']) await q.query(`DROP TRIGGER IF EXISTS consultation_tally_${event} ON consultation`);
    await q.query(`DROP FUNCTION IF EXISTS consultation_tally_apply`);
    await q.query(`DROP TABLE IF EXISTS consultation_tally`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// How many consultations each organisation has in each status, kept by statement-level triggers,
// so an unfiltered list's totalCount is a sum over a few hundred rows instead of a count over a
// million (see ConsultationsRepository.page). Rows are locked in key order, so two statements
// adding to the same organisations take their locks in the same order.

/** The trigger function as this migration made it (1764600000000 replaces it; its down() restores it). */
export const TALLY_APPLY_FIRST = `consultation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM consultation_tally;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO consultation_tally (organisation_id, status, n)
    SELECT organisation_id, status, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (organisation_id, status) DO UPDATE SET n = consultation_tally.n + excluded.n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE consultation_tally t SET n = t.n - gone.n
      FROM (SELECT organisation_id, status, count(*) AS n FROM old_rows GROUP BY 1, 2) AS gone
     WHERE t.organisation_id = gone.organisation_id AND t.status = gone.status;
  END IF;
  RETURN NULL;
END $$`;

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
    await q.query(`CREATE FUNCTION ${TALLY_APPLY_FIRST}`);
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

import { MigrationInterface, QueryRunner } from 'typeorm';

// A similar topic is now told by the distinctive words two plans share, not by how alike their
// whole text is: trigram similarity found every council's boilerplate ("We want to hear your
// views… open to everyone who lives or works in…") as similar as two bus reviews.
//
// Each consultation keeps the stemmed words of its title and of its title and summary (PostgreSQL's
// English configuration: snowball stems, stop words dropped), worked out by PostgreSQL itself, so a
// plan checked in the same query is stemmed the same way; its place names are left out first, by
// the service, which keeps that wording beside the text (topic_title, topic_summary). topic_word_count keeps, for every word,
// how many consultations use it: a word much of the register uses is the network's boilerplate,
// and the rarer a word, the more sharing it says. topic_word_organisation_count keeps the same for
// each body's own consultations: a word a third of one body's plans use is its house style
// ("Paper copies, Easy Read and other formats are available on request…"), which says nothing when
// two of its plans are compared. See src/conflicts/candidates.sql.ts.
//
// Triggers keep the counts, so every write path (forms, imports, updates, deletions) counts alike.
// They run once a statement, on its transition tables, so a bulk load counts its words in one go;
// the counts change in key order, so two registrations never wait on each other in a circle.
export class TopicWords1765100000000 implements MigrationInterface {
  name = 'TopicWords1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // The service fills the wording in (src/conflicts/place-names.ts); until it has, title and summary stand in.
    await q.query(`ALTER TABLE consultation ADD COLUMN topic_title text, ADD COLUMN topic_summary text`);
    await q.query(`
      ALTER TABLE consultation
        ADD COLUMN title_words text[] GENERATED ALWAYS AS (tsvector_to_array(to_tsvector('english'::regconfig, coalesce(topic_title, title)))) STORED,
        ADD COLUMN topic_words text[] GENERATED ALWAYS AS (
          tsvector_to_array(to_tsvector('english'::regconfig, coalesce(topic_title, title) || ' ' || coalesce(topic_summary, summary)))) STORED`);
    await q.query(`CREATE INDEX consultation_topic_words_idx ON consultation USING gin (topic_words)`);
    await q.query(`CREATE TABLE topic_word_count (word text PRIMARY KEY, documents integer NOT NULL)`);
    await q.query(`
      CREATE TABLE topic_word_organisation_count (
        organisation_id uuid NOT NULL,
        word text NOT NULL,
        documents integer NOT NULL,
        PRIMARY KEY (organisation_id, word))`);
    await q.query(`
      CREATE FUNCTION count_topic_word_changes(organisations uuid[], words text[], changes int[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO topic_word_count AS t (word, documents)
        SELECT word, sum(change)::int FROM unnest(words, changes) AS x(word, change)
         GROUP BY word HAVING sum(change) <> 0 ORDER BY word
        ON CONFLICT (word) DO UPDATE SET documents = t.documents + excluded.documents;
        INSERT INTO topic_word_organisation_count AS t (organisation_id, word, documents)
        SELECT organisation_id, word, sum(change)::int FROM unnest(organisations, words, changes) AS x(organisation_id, word, change)
         GROUP BY organisation_id, word HAVING sum(change) <> 0 ORDER BY organisation_id, word
        ON CONFLICT (organisation_id, word) DO UPDATE SET documents = t.documents + excluded.documents;
      $$`);
    await q.query(`
      CREATE FUNCTION count_topic_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM count_topic_word_changes(array_agg(organisation_id), array_agg(word), array_agg(1))
             FROM new_rows, unnest(topic_words) AS word;
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM count_topic_word_changes(array_agg(organisation_id), array_agg(word), array_agg(-1))
             FROM old_rows, unnest(topic_words) AS word;
        ELSE
          PERFORM count_topic_word_changes(array_agg(organisation_id), array_agg(word), array_agg(change))
             FROM (SELECT n.organisation_id, word, 1 AS change FROM new_rows n JOIN old_rows o USING (id), unnest(n.topic_words) AS word
                    WHERE n.topic_words IS DISTINCT FROM o.topic_words OR n.organisation_id IS DISTINCT FROM o.organisation_id
                   UNION ALL
                   SELECT o.organisation_id, word, -1 FROM new_rows n JOIN old_rows o USING (id), unnest(o.topic_words) AS word
                    WHERE n.topic_words IS DISTINCT FROM o.topic_words OR n.organisation_id IS DISTINCT FROM o.organisation_id) AS changed;
        END IF;
        RETURN NULL;
      END $$`);
    // Transition tables take one event a trigger.
    await q.query(`CREATE TRIGGER consultation_topic_words_inserted AFTER INSERT ON consultation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_topic_words()`);
    await q.query(`CREATE TRIGGER consultation_topic_words_updated AFTER UPDATE ON consultation REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_topic_words()`);
    await q.query(`CREATE TRIGGER consultation_topic_words_deleted AFTER DELETE ON consultation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_topic_words()`);
    await q.query(`SELECT count_topic_word_changes(array_agg(organisation_id), array_agg(word), array_agg(1)) FROM consultation, unnest(topic_words) AS word`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['inserted', 'updated', 'deleted']) await q.query(`DROP TRIGGER consultation_topic_words_${event} ON consultation`);
    await q.query(`DROP FUNCTION count_topic_words()`);
    await q.query(`DROP FUNCTION count_topic_word_changes(uuid[], text[], int[])`);
    await q.query(`DROP TABLE topic_word_organisation_count`);
    await q.query(`DROP TABLE topic_word_count`);
    await q.query(`ALTER TABLE consultation DROP COLUMN topic_words, DROP COLUMN title_words`);
    await q.query(`ALTER TABLE consultation DROP COLUMN topic_summary, DROP COLUMN topic_title`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

// A similar topic is now told by the distinctive words two plans share, not by how alike their
// whole text is: trigram similarity found every council's boilerplate ("We want to hear your
// views… open to everyone who lives or works in…") as similar as two bus reviews.
//
// Each consultation keeps the stemmed words of its title and of its title and summary (PostgreSQL's
// English configuration: snowball stems, stop words dropped), worked out by PostgreSQL itself, so a
// plan checked in the same query is stemmed the same way. topic_word_count keeps, for every word,
// how many consultations use it: a word most of the register uses is the network's boilerplate,
// and the rarer a word, the more sharing it says (see src/conflicts/candidates.sql.ts). A trigger
// keeps the counts, so every write path (forms, imports, updates, deletions) counts alike; it
// changes the counts in word order, so two registrations never wait on each other in a circle.
export class TopicWords1765100000000 implements MigrationInterface {
  name = 'TopicWords1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consultation
        ADD COLUMN title_words text[] GENERATED ALWAYS AS (tsvector_to_array(to_tsvector('english'::regconfig, title))) STORED,
        ADD COLUMN topic_words text[] GENERATED ALWAYS AS (tsvector_to_array(to_tsvector('english'::regconfig, title || ' ' || summary))) STORED`);
    await q.query(`CREATE INDEX consultation_topic_words_idx ON consultation USING gin (topic_words)`);
    await q.query(`CREATE TABLE topic_word_count (word text PRIMARY KEY, documents integer NOT NULL)`);
    await q.query(`INSERT INTO topic_word_count SELECT word, count(*) FROM consultation, unnest(topic_words) AS word GROUP BY word`);
    await q.query(`
      CREATE FUNCTION count_topic_words() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        added text[] := CASE WHEN TG_OP = 'DELETE' THEN '{}' ELSE NEW.topic_words END;
        removed text[] := CASE WHEN TG_OP = 'INSERT' THEN '{}' ELSE OLD.topic_words END;
      BEGIN
        INSERT INTO topic_word_count AS t (word, documents)
        SELECT word, 1 FROM unnest(added) AS word WHERE NOT word = ANY(removed)
        UNION ALL
        SELECT word, -1 FROM unnest(removed) AS word WHERE NOT word = ANY(added)
        ORDER BY 1
        ON CONFLICT (word) DO UPDATE SET documents = t.documents + excluded.documents;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER consultation_topic_words_counted
        AFTER INSERT OR DELETE OR UPDATE OF title, summary ON consultation
        FOR EACH ROW EXECUTE FUNCTION count_topic_words()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER consultation_topic_words_counted ON consultation`);
    await q.query(`DROP FUNCTION count_topic_words()`);
    await q.query(`DROP TABLE topic_word_count`);
    await q.query(`ALTER TABLE consultation DROP COLUMN topic_words, DROP COLUMN title_words`);
  }
}

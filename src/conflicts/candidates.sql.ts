import { addDays } from '../common/dates/calendar-date';
import { preparedStatement } from '../common/database/prepared-statement';
import { Steps, unpaced } from '../common/deadline/pacer';
import { candidateRange, ClashRules, ConflictKind, reachDays } from './clash-rules';
import type { Subject } from './conflict-finder';
import { lookupKeySteps } from './reach-keys';

// The clash check's busy SQL, kept readable here; test/e2e/busy-sql.e2e.spec.ts keeps a snapshot of every
// statement a check sends (check-consultation.sql) and test/integration/candidate-plans.spec.ts its plan.
//
// The inner query finds the consultations filed under the plan's reach keys (see the migration
// 1764400000000-reach-index). A plan finds those inside it through its blocks meeting their
// lineage, and those covering it through its lineage meeting their blocks, so it looks itself up
// with blocks and lineage swapped. The service sends those keys itself ($17, see reach-keys.ts),
// leaving out those that can find nothing more (lookupKeys); given NULL, PostgreSQL works out the
// full swapped set. OFFSET 0 keeps the exact tests out of the inner query, so
// the planner does not intersect the reach index with the broad area, audience and period indexes.
//
// The statement is planned once per connection, for any parameters (see data-source-options.ts):
// what depends on the plan alone (its words and their weights, its windows) is worked out once per
// run in p, a one-row CTE, not for every row as parameters would be in such a plan.
//
// A similar topic is told by distinctive words (migration 1765100000000-topic-words): the plan's
// words (PostgreSQL's English stems; no numbers; its place names already left out by the service;
// none of the words of an audience's name, since whom it asks is judged by its audiences and two
// plans "for older people" are not on one topic) less the register's boilerplate: words used by
// more than $18 of the register once $19 consultations use them. Each word the plan shares with a
// candidate scores ln(register size ÷ consultations using it), twice when both titles have it;
// topic_score is the sum where at least one shared word is in both titles (a topic is named in a
// title; words shared only by summaries are mostly a body's house style), else 0, and the rules
// take $14 or more as a similar topic. Between two plans of one body, its house style does not count
// either (h): words used by more than $21 of its own consultations, once $19 of them use them. The shared words come most telling first: those in both
// titles, then the rarest. The register's size is PostgreSQL's estimate once it is large, counted
// while it is small, and taken as at least $19 ÷ $18 (the size from which boilerplate can be
// told): in a young register a word two plans share is still rare.
//
// Beyond the near window (where OVERLAP and FATIGUE look) only a similar topic matters, so rows
// there come back only if they share a topic tag or enough distinctive words: the rules see every
// candidate that can change their verdict and no other. Beyond the DUPLICATE look-around ($22–$23)
// only findings to reuse matter: the range reaches back (and, for a plan with findings of its own,
// $24, forward) as far as the findings look-around, and a similar row there comes back only if
// the earlier of the two has findings recorded (findings_recorded, looked up for similar finished
// rows alone: a few a check, each through consultation_findings' key).
//
// The blackout periods the plan runs into come in the same round trip (source 'blackout', the
// name as title, and their own severity): a check is then one statement after its caller's key.
// A blackout with no areas (audiences) applies to all.
//
// Partners of one joint consultation do not clash (migration 1766140000000-join-requests): j holds
// the consultations joined with the stored plan $8 — the joint consultations it is, or is a linked
// part of, and every accepted partner's linked part of those — and none of them is a candidate.
// Among the candidates, a linked part of a joint consultation names it (joint_id, through
// join_request_own_idx; the first by id if it is a part of several): FATIGUE counts a joint
// consultation and its linked parts once (countedOnce in conflict.rules.ts).
//
// A consultation a coordinator protected (migration 1766220000000-protected-windows) clashes with
// plans reaching its people within its dates widened by protected_days_before and _after (NULL,
// and so never meeting, for the rest): it comes back wherever that window meets the plan's dates ($15–$16), however far its own dates lie
// (up to MAX_PROTECTION_DAYS, within the range the reach keys cover). A protected plan's own near
// window ($11–$12) is widened by its protection, so it finds those running within its window.
//
// Organisations are named from the rows the service holds (OrganisationsService), not joined here.
// Block and audience ids and channels come comma-joined: splitting a string is several times
// cheaper than parsing an array literal (pg's parser makes an object per character), over
// thousands of rows. A row's topics matter only where they meet the plan's, so they come only
// then: topics are free text, and few rows share one.
export const CANDIDATES_SQL = `
WITH n AS MATERIALIZED (
  SELECT greatest(1, CASE WHEN reltuples < 10000 THEN (SELECT count(*) FROM consultation) ELSE reltuples END)::float8 AS size
    FROM pg_class WHERE oid = 'consultation'::regclass),
p AS MATERIALIZED (
  SELECT daterange($1::date, $2::date, '[]') AS reach, daterange($11::date, $12::date, '[]') AS near, daterange($22::date, $23::date, '[]') AS look_around,
         tsvector_to_array(to_tsvector('english'::regconfig, $9)) AS title_words,
         coalesce(array_agg(w.word ORDER BY w.word) FILTER (WHERE w.word IS NOT NULL), '{}') AS words,
         coalesce(array_agg(w.weight ORDER BY w.word) FILTER (WHERE w.word IS NOT NULL), '{}') AS weights
    FROM n LEFT JOIN LATERAL (
         SELECT word, ln(greatest(n.size, $19::int / $18::float8) / greatest(coalesce(t.documents, 0), 1)) AS weight
           FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, $9 || ' ' || $10))) AS word
           LEFT JOIN topic_word_count t USING (word)
          WHERE word !~ '[0-9]'
            AND word NOT IN (SELECT unnest(tsvector_to_array(to_tsvector('english'::regconfig, name))) FROM audience)
            AND NOT (coalesce(t.documents, 0) >= $19::int AND coalesce(t.documents, 0) > $18::float8 * n.size)) w ON true
   GROUP BY n.size),
h AS MATERIALIZED (
  SELECT coalesce(array_agg(o.word), '{}') AS house_words
    FROM p JOIN topic_word_organisation_count o ON o.organisation_id = $20::uuid AND o.word = ANY(p.words)
   WHERE o.documents >= $19::int AND o.documents > $21::float8 * (SELECT count(*) FROM consultation WHERE organisation_id = $20::uuid)),
j AS MATERIALIZED (
  SELECT coalesce(array_agg(k.id), '{}') AS joined_ids
    FROM (SELECT $8::uuid AS joint WHERE $8::uuid IS NOT NULL
           UNION SELECT r.consultation_id FROM join_request r WHERE r.own_consultation_id = $8::uuid AND r.status = 'ACCEPTED') g
   CROSS JOIN LATERAL (SELECT g.joint AS id
           UNION ALL SELECT r.own_consultation_id FROM join_request r
                      WHERE r.consultation_id = g.joint AND r.status = 'ACCEPTED' AND r.own_consultation_id IS NOT NULL) k)
SELECT 'consultation' AS source, c.id, c.title, c.organisation_id,
       c.start_date::text AS start_date, c.end_date::text AS end_date,
       array_to_string(c.channels, ',') AS channels, CASE WHEN c.topics && $13::text[] THEN c.topics END AS topics,
       array_to_string(c.area_block_ids, ',') AS area_block_ids, array_to_string(c.audience_ids, ',') AS audience_ids,
       s.shared_words, s.topic_score,
       CASE WHEN c.topics && $13::text[] OR s.topic_score >= $14::float8 THEN r.findings_recorded ELSE false END AS findings_recorded,
       NULL AS severity, c.protected_days_before, c.protected_days_after,
       (SELECT min(jr.consultation_id::text) FROM join_request jr WHERE jr.own_consultation_id = c.id AND jr.status = 'ACCEPTED') AS joint_id
  FROM (SELECT * FROM consultation
         WHERE consultation_reach_keys(area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids, start_date, end_date)
            && coalesce($17::bigint[], consultation_reach_keys($5::uuid[], $4::uuid[], $7::uuid[], $6::uuid[], $1::date, $2::date))
        OFFSET 0) c
 CROSS JOIN p
 CROSS JOIN h
 CROSS JOIN j
 CROSS JOIN LATERAL (
       SELECT array_agg(p.words[i] ORDER BY p.words[i] = ANY(p.title_words) AND p.words[i] = ANY(c.title_words) DESC, p.weights[i] DESC, p.words[i]) AS shared_words,
              CASE WHEN bool_or(p.words[i] = ANY(p.title_words) AND p.words[i] = ANY(c.title_words))
                   THEN sum(p.weights[i] * CASE WHEN p.words[i] = ANY(p.title_words) AND p.words[i] = ANY(c.title_words) THEN 2 ELSE 1 END)
                   ELSE 0 END AS topic_score
         FROM generate_subscripts(p.words, 1) AS i
        WHERE c.topic_words && p.words AND p.words[i] = ANY(c.topic_words)
          AND NOT (c.organisation_id = $20::uuid AND p.words[i] = ANY(h.house_words))) s
 CROSS JOIN LATERAL (
       SELECT c.status IN ('CLOSED', 'REPORTED') AND EXISTS (SELECT 1 FROM consultation_findings f WHERE f.consultation_id = c.id) AS findings_recorded) r
 WHERE c.period && p.reach
   AND c.status <> 'CANCELLED'
   AND (c.status <> 'DRAFT' OR c.organisation_id = $3)
   AND (c.area_lineage_ids && $4::uuid[] OR c.area_block_ids && $5::uuid[])
   AND (c.audience_lineage_ids && $6::uuid[] OR c.audience_ids && $7::uuid[])
   AND c.id IS DISTINCT FROM $8::uuid
   AND NOT c.id = ANY(j.joined_ids)
   AND (c.period && p.near
        OR daterange(c.start_date - c.protected_days_before, c.end_date + c.protected_days_after, '[]') && daterange($15::date, $16::date, '[]')
        OR (c.topics && $13::text[] OR s.topic_score >= $14::float8) AND (c.period && p.look_around OR $24::boolean OR r.findings_recorded))
UNION ALL
SELECT 'blackout', b.id, b.name, NULL, b.start_date::text, b.end_date::text, '', NULL,
       array_to_string(b.area_block_ids, ','), array_to_string(b.audience_ids, ','), NULL, NULL, NULL, b.severity, NULL, NULL, NULL
  FROM blackout_period b
 WHERE b.period && daterange($15::date, $16::date, '[]')
   AND (b.area_ids = '{}' OR b.area_lineage_ids && $4::uuid[] OR b.area_block_ids && $5::uuid[])
   AND (b.audience_ids = '{}' OR b.audience_lineage_ids && $6::uuid[] OR b.audience_ids && $7::uuid[])`;

export const CANDIDATES = preparedStatement('clash-candidates', CANDIDATES_SQL);

/**
 * CANDIDATES_SQL's parameters for a plan seen by a viewer, for the given kinds of conflict; the
 * plan's reach keys are left to PostgreSQL when `planKeys` is false (see serverAgrees), and
 * `keys` replaces them (several plans looked up at once).
 */
export function candidateParams(
  subject: Subject,
  viewerOrganisationId: string,
  rules: ClashRules,
  kinds: readonly ConflictKind[],
  { planKeys = true, keys, planFindings = false }: { planKeys?: boolean; keys?: readonly string[]; planFindings?: boolean } = {},
): unknown[] {
  const reach = reachDays(rules, kinds);
  const near = reachDays(rules, kinds.filter((kind) => kind !== 'DUPLICATE'));
  // A protected plan looks as far as its window reaches for those running within it.
  const guarded = kinds.includes('PROTECTED') && subject.protection ? subject.protection : { daysBefore: 0, daysAfter: 0 };
  const { first, last } = candidateRange(subject, rules, kinds, planFindings);
  return [
    first,
    last,
    viewerOrganisationId,
    subject.areaBlockIds,
    subject.areaLineageIds,
    subject.audienceIds,
    subject.audienceLineageIds,
    subject.id ?? null,
    subject.title,
    subject.summary,
    addDays(subject.startDate, -Math.max(near, guarded.daysBefore)),
    addDays(subject.endDate, Math.max(near, guarded.daysAfter)),
    subject.topics,
    rules.similarityThreshold,
    subject.startDate,
    subject.endDate,
    keys ?? (planKeys ? planReachKeys(subject, rules, kinds, planFindings) : null),
    rules.commonWordShare,
    rules.commonWordMinimum,
    subject.organisationId,
    rules.houseStyleShare,
    addDays(subject.startDate, -reach),
    addDays(subject.endDate, reach),
    planFindings,
  ];
}


/** The most reach keys one candidate query is sent (see ConflictFinder's candidates()). */
export const MAX_LOOKUP_KEYS = 500;

/** Reach keys in chunks of at most MAX_LOOKUP_KEYS. */
export function keyChunks(keys: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let from = 0; from < keys.length; from += MAX_LOOKUP_KEYS) chunks.push(keys.slice(from, from + MAX_LOOKUP_KEYS));
  return chunks;
}

/** The reach keys a plan looks itself up with over the days its rules reach (see lookupKeys). */
export function planReachKeys(subject: Subject, rules: ClashRules, kinds: readonly ConflictKind[], planFindings = false): string[] {
  return unpaced(planReachKeySteps(subject, rules, kinds, planFindings));
}

export function planReachKeySteps(subject: Subject, rules: ClashRules, kinds: readonly ConflictKind[], planFindings = false): Steps<string[]> {
  const { first, last } = candidateRange(subject, rules, kinds, planFindings);
  return lookupKeySteps(subject.areaBlockIds, subject.areaLineageIds, subject.audienceIds, subject.audienceLineageIds, first, last);
}

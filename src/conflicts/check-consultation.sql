SELECT f.consultation_id AS "consultationId", f.response_count AS "responseCount", f.summary, f.report_url AS "reportUrl",
  f.data_url AS "dataUrl", f.decision, f.decision_date::text AS "decisionDate", f.statement, f.published_at AS "publishedAt",
  f.recorded_by AS "recordedBy", f.created_at AS "createdAt", f.updated_at AS "updatedAt", f.version,
  c.status, c.start_date::text AS "startDate", c.end_date::text AS "endDate"
  FROM consultation_findings f JOIN consultation c ON c.id = f.consultation_id
  WHERE f.consultation_id = ANY($1::uuid[]);

SELECT m.id AS "memberId", m.organisation_id AS "organisationId", m.role, m.name, m.email, k.id AS "keyId", k.last_used_at AS "lastUsedAt"
  FROM api_key k JOIN member m ON m.id = k.member_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_on IS NULL OR k.expires_on >= $2::date) AND m.active;

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
   AND (b.audience_ids = '{}' OR b.audience_lineage_ids && $6::uuid[] OR b.audience_ids && $7::uuid[]);

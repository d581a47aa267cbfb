SELECT id AS "memberId", organisation_id AS "organisationId", role, name, email
  FROM member WHERE api_key_hash = $1 AND active;

WITH p AS MATERIALIZED (
  SELECT trigram_signature($9, 256) AS title_signature, cardinality(show_trgm($9)) AS title_trigrams,
  trigram_signature($10, 1024) AS summary_signature, cardinality(show_trgm($10)) AS summary_trigrams,
  daterange($1::date, $2::date, '[]') AS reach, daterange($11::date, $12::date, '[]') AS near)
SELECT 'consultation' AS source, c.id, c.title, c.organisation_id,
  c.start_date::text AS start_date, c.end_date::text AS end_date,
  array_to_string(c.channels, ',') AS channels, CASE WHEN c.topics && $13::text[] THEN c.topics END AS topics,
  array_to_string(c.area_block_ids, ',') AS area_block_ids, array_to_string(c.audience_ids, ',') AS audience_ids,
  greatest(s.title_similarity, s.summary_similarity) AS text_similarity,
  NULL AS severity
  FROM (SELECT * FROM consultation
  WHERE consultation_reach_keys(area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids, start_date, end_date)
  && coalesce($17::bigint[], consultation_reach_keys($5::uuid[], $4::uuid[], $7::uuid[], $6::uuid[], $1::date, $2::date))
  OFFSET 0) c
 CROSS JOIN p
 CROSS JOIN LATERAL (
  SELECT CASE WHEN trigram_similarity_possible(c.title_signature, p.title_signature, p.title_trigrams, $14::real)
  THEN similarity(c.title, $9) ELSE 0 END AS title_similarity,
  CASE WHEN $10 <> '' AND c.summary <> ''
  AND trigram_similarity_possible(c.summary_signature, p.summary_signature, p.summary_trigrams, $14::real)
  THEN similarity(c.summary, $10) ELSE 0 END AS summary_similarity) s
 WHERE c.period && p.reach
   AND c.status <> 'CANCELLED'
   AND (c.status <> 'DRAFT' OR c.organisation_id = $3)
   AND (c.area_lineage_ids && $4::uuid[] OR c.area_block_ids && $5::uuid[])
   AND (c.audience_lineage_ids && $6::uuid[] OR c.audience_ids && $7::uuid[])
   AND c.id IS DISTINCT FROM $8::uuid
   AND (c.period && p.near OR c.topics && $13::text[]
  OR greatest(s.title_similarity, s.summary_similarity) >= $14::real)
UNION ALL
SELECT 'blackout', b.id, b.name, NULL, b.start_date::text, b.end_date::text, '', NULL,
  array_to_string(b.area_block_ids, ','), array_to_string(b.audience_ids, ','), NULL, b.severity
  FROM blackout_period b
 WHERE b.period && daterange($15::date, $16::date, '[]')
   AND (b.area_ids = '{}' OR b.area_lineage_ids && $4::uuid[] OR b.area_block_ids && $5::uuid[])
   AND (b.audience_ids = '{}' OR b.audience_lineage_ids && $6::uuid[] OR b.audience_ids && $7::uuid[]);

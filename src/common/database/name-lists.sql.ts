// SQL for the names (or codes) behind an array column of area or audience ids, sorted, for
// queries that show plans to people (digests, calendar feeds, spreadsheets).
const listOf = (table: 'area' | 'audience', field: 'name' | 'code') => (idsColumn: string) =>
  `ARRAY(SELECT t.${field} FROM ${table} t WHERE t.id = ANY(${idsColumn}) ORDER BY t.${field})`;

export const areaNamesSql = listOf('area', 'name');
export const audienceNamesSql = listOf('audience', 'name');
export const areaCodesSql = listOf('area', 'code');
export const audienceCodesSql = listOf('audience', 'code');

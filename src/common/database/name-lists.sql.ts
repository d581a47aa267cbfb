// SQL for the names behind an array column of area or audience ids, alphabetically, for
// queries that show plans to people (digests, calendar feeds).
export const areaNamesSql = (idsColumn: string) => `ARRAY(SELECT a.name FROM area a WHERE a.id = ANY(${idsColumn}) ORDER BY a.name)`;
export const audienceNamesSql = (idsColumn: string) => `ARRAY(SELECT u.name FROM audience u WHERE u.id = ANY(${idsColumn}) ORDER BY u.name)`;

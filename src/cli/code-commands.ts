import { Client } from 'pg';
import { CHANNEL_KIND } from '../conflicts/clash-rules';
import { alignColumns, cliCommand, optionalString } from './cli-command';

// The codes a plan is written in, read straight from the register: no services to start, so it
// answers in well under a second (an officer looks codes up while filling in a spreadsheet).

// Each table's tree, parents before their children, siblings by name; `extra` is one more column
// and `where` (on `t`) keeps part of the tree.
const treeSql = (table: 'audience' | 'area', extra: string, where = 'true') => `
  WITH RECURSIVE node AS (
    SELECT t.id, t.code, t.name, t.${extra}::text AS extra, 0 AS depth, ARRAY[t.name::text] AS path FROM ${table} t WHERE t.parent_id IS NULL AND ${where}
    UNION ALL
    SELECT t.id, t.code, t.name, t.${extra}::text, node.depth + 1, node.path || t.name::text FROM ${table} t JOIN node ON t.parent_id = node.id WHERE ${where}
  )
  SELECT code, name, extra, depth FROM node ORDER BY path`;

const MAIN_AREA_LEVELS = `t.level IN ('COUNTRY', 'REGION', 'COUNTY', 'DISTRICT', 'UNITARY', 'COMPOSITE')`;

interface TreeRow {
  code: string;
  name: string;
  extra: string;
  depth: number;
}

export const codesCommand = cliCommand({
  name: 'codes',
  summary: "Print the codes plans use: organisations, audiences and their reach, channels and their kind, areas (--level WARD: that level's areas)",
  usage: 'codes [--level LEVEL]',
  options: { level: { type: 'string' } },
  args: (values) => ({ level: optionalString(values, 'level')?.toUpperCase() }),
  async run(context, { level }) {
    const client = new Client({ connectionString: context.databaseUrl });
    await client.connect();
    try {
      const lines = level ? await areasOfLevel(client, level) : await allCodes(client);
      lines.forEach((line) => context.print(line));
    } finally {
      await client.end();
    }
  },
});

async function allCodes(client: Client): Promise<string[]> {
  const organisations = (await client.query<{ code: string; name: string; kind: string }>(`SELECT code, name, kind FROM organisation ORDER BY name`)).rows;
  if (!organisations.length) return ['The register has no reference data yet: npm run cli -- seed (or start the service once) loads it.'];
  const audiences = (await client.query<TreeRow>(treeSql('audience', 'reach'))).rows;
  const areas = (await client.query<TreeRow>(treeSql('area', 'level', MAIN_AREA_LEVELS))).rows;
  const levels = (await client.query<{ level: string; count: number }>(`SELECT level, count(*)::int AS count FROM area GROUP BY level ORDER BY level`)).rows;
  const channels = Object.entries(CHANNEL_KIND);
  return [
    'Organisations (the import\'s "organisation code"; organisationCode in GraphQL)',
    ...alignColumns(organisations.map((o) => [`  ${o.code}`, o.name, o.kind])),
    '',
    'Audiences ("audience codes"; audienceCodes), within their parents. Reach: ALL_ASKED every member is contacted,',
    'GROUP a group partly reached, GENERAL the public at large',
    ...alignColumns(tree(audiences)),
    '',
    'Channels ("channels"; either spelling). Kind: PERSONAL meets people, BROADCAST publishes',
    ...alignColumns(channels.map(([code, kind]) => [`  ${code}`, code.toLowerCase().replace(/_/g, ' '), kind])),
    '',
    `Areas ("area codes"; areaCodes): ${levels.map((l) => `${l.count} ${l.level}`).join(', ')}. The main ones:`,
    ...alignColumns(tree(areas)),
    `Every area of a level: npm run cli -- codes --level ${levels.find((l) => l.level === 'WARD') ? 'WARD' : 'LEVEL'}`,
  ];
}

async function areasOfLevel(client: Client, level: string): Promise<string[]> {
  const { rows } = await client.query<{ code: string; name: string; parent: string | null }>(
    `SELECT a.code, a.name, p.name AS parent FROM area a LEFT JOIN area p ON p.id = a.parent_id WHERE a.level = $1 ORDER BY p.name NULLS FIRST, a.name`,
    [level],
  );
  if (!rows.length) return [`No area has the level ${level}`];
  return [`Areas of level ${level} ("area codes"; areaCodes), with the area each lies in`, ...alignColumns(rows.map((a) => [`  ${a.code}`, a.name, a.parent ?? '']))];
}

function tree(rows: TreeRow[]): string[][] {
  return rows.map((row) => [`  ${'  '.repeat(row.depth)}${row.code}`, row.name, row.extra]);
}

import { readFileSync } from 'node:fs';
import { CliCommand, CliContext } from '../../src/cli/cli-command';
import { digestSendCommand } from '../../src/cli/digest-commands';
import { DEMO_MEMBERS, demoCommand } from '../../src/cli/demo-command';
import { runCliHere } from '../support/cli-in-process';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const IMPORT = `mutation($csv: String!) {
  importConsultations(csv: $csv, dryRun: true) { imported rowCount problems { line column field message } rows { title organisationCode } }
}`;
const ME = `{ me { email role organisation { code } } }`;

// What a newcomer meets first: the demo's register and keys, the shipped plan.csv, the code
// lists, import problems in their own words, and what a browser finds at /graphql.
describe('a first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A command as the CLI runs it, on this file's service: what it printed (stdout) and told (stderr). */
  async function run(command: CliCommand, values: Record<string, string | boolean> = {}): Promise<{ printed: string[]; info: string[] }> {
    const printed: string[] = [];
    const info: string[] = [];
    const context: CliContext = { config: t.config, databaseUrl: t.database.url, app: async () => t.app, info: (m) => info.push(m), print: (l) => printed.push(l), write: (text) => printed.push(text) };
    await command.run(context, await command.args(values, []));
    return { printed, info };
  }
  const demo = () => run(demoCommand);
  const keysOf = (printed: string[]) => new Map(printed.map((line) => line.split(/\s+/)).map((cells) => [cells[1], cells[3]]));
  const consultations = async () => Number((await t.dataSource.query(`SELECT count(*) FROM consultation`))[0].count);

  /** The CLI as `npm run cli -- …` runs it (in this process), against this file's database. */
  const cli = (...args: string[]) => runCliHere(args, { ...process.env, DATABASE_URL: t.database.url, NODE_ENV: 'test' });

  it('demo registers the sample year and prints keys that work for a coordinator, two officers and a viewer', async () => {
    const { printed, info } = await demo();
    expect(await consultations()).toBe(216);
    expect(info[0]).toMatch(/^Registered the sample year: 216 consultations of 2027, \d+ of them with a HIGH clash\.$/);
    const keys = keysOf(printed);
    for (const member of DEMO_MEMBERS) {
      expect((await t.ok(keys.get(member.email)!, ME)).me).toEqual({ email: member.email, role: member.role, organisation: { code: member.organisationCode } });
    }
    // The README's examples find something: Tamworth's young people in spring, and its HIGH clashes.
    const officer = keys.get('officer@tamworth.example')!;
    const spring = await t.ok(officer, `{ consultations(filter: { from: "2027-03-01", to: "2027-05-31", areaCodes: ["E07000199"], audienceCodes: ["YOUNG_PEOPLE"] }) { totalCount } }`);
    expect(spring.consultations.totalCount).toBeGreaterThan(0);
    const high = await t.ok(officer, `{ conflicts(filter: { organisationCodes: ["TBC"], severities: [HIGH], acknowledged: false }) { totalCount } }`);
    expect(high.conflicts.totalCount).toBeGreaterThan(0);

    // The shipped plan.csv imports cleanly for the Tamworth officer.
    const plan = (await t.ok(officer, IMPORT, { csv: readFileSync('examples/plan.csv', 'utf8') })).importConsultations;
    expect(plan.problems).toEqual([]);
    expect(plan.rows.map((r: { organisationCode: string }) => r.organisationCode)).toEqual(['TBC', 'TBC', 'TBC', 'TBC']);

    // Again: nothing more is registered, and the same members get new keys (the old ones stop working).
    const again = await demo();
    expect(await consultations()).toBe(216);
    expect(again.info[0]).toMatch(/registered already: nothing was imported/);
    const newKeys = keysOf(again.printed);
    expect((await t.ok(newKeys.get('officer@tamworth.example')!, ME)).me.email).toBe('officer@tamworth.example');
    expect((await t.graphql(officer, ME)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    // digest:send --dry-run says what NOT PLANNED means and what sending would do, and sends nothing.
    const dry = await run(digestSendCommand, { week: '2027-W10', 'dry-run': true });
    expect(dry.info.join('\n')).toMatch(/NOT PLANNED: no delivery for that member and week yet/);
    expect(dry.printed).toContainEqual(expect.stringMatching(/^officer@tamworth\.example\tNOT PLANNED\tConsultation digest, week 10, .*\twould send$/));
    expect(dry.printed.at(-1)).toBe('2027-W10: digest:send would send 4 of these 4 digests');
    expect(await t.dataSource.query(`SELECT 1 FROM digest_delivery`)).toHaveLength(0);
  });

  it('codes lists organisations, audiences with their reach, channels with their kind and the main areas', async () => {
    const run = await cli('codes');
    expect(run.code).toBe(0);
    const line = (code: string) => run.stdout.split('\n').find((l) => l.trim().startsWith(`${code} `))?.trim().split(/\s{2,}/);
    expect(line('TBC')).toEqual(['TBC', 'Tamworth Borough Council', 'DISTRICT']);
    expect(line('CITIZENS_PANEL')).toEqual(['CITIZENS_PANEL', "Staffordshire and Stoke-on-Trent Citizens' Panel", 'ALL_ASKED']);
    expect(line('YOUNG_PEOPLE')).toEqual(['YOUNG_PEOPLE', 'Young people (11–24)', 'GROUP']);
    expect(line('RESIDENTS')).toEqual(['RESIDENTS', 'Residents', 'GENERAL']);
    expect(line('STREET_OUTREACH')).toEqual(['STREET_OUTREACH', 'street outreach', 'PERSONAL']);
    expect(line('ONLINE_SURVEY')).toEqual(['ONLINE_SURVEY', 'online survey', 'BROADCAST']);
    expect(line('E07000199')).toEqual(['E07000199', 'Tamworth', 'DISTRICT']);
    expect(line('E05007066')).toBeUndefined(); // wards: one command further
    const wards = await cli('codes', '--level', 'ward');
    expect(wards.stdout).toMatch(/E05007066\s+Amington\s+Tamworth/);
  });

  it('names an import problem\'s column as the file writes it', async () => {
    const { apiKey } = await t.member('TBC', 'OFFICER');
    const problems = async (header: string, row: string) => (await t.ok(apiKey, IMPORT, { csv: `${header}\n${row}\n` })).importConsultations.problems;
    expect(await problems('Title,Start date,End date,Areas,Audiences', 'Bins,2027-03-01,2027-03-14,E05999999,RESIDENTS')).toEqual([
      { line: 2, column: 'Areas', field: 'areaCodes', message: expect.stringContaining('E05999999') },
    ]);
    expect(await problems('Title,Start,End,Area codes,Audience_Codes', 'Bins,2027-03-01,2027-03-14,E07000199,MARTIANS')).toEqual([
      { line: 2, column: 'Audience_Codes', field: 'audienceCodes', message: expect.stringContaining('MARTIANS') },
    ]);
    expect(await problems('TITLE,Start,End,Area codes,Audience codes', ',2027-03-01,2027-03-14,E07000199,RESIDENTS')).toEqual([
      { line: 2, column: 'TITLE', field: 'title', message: expect.any(String) },
    ]);
  });

  it('shows a browser at /graphql a page of its own, loading nothing from elsewhere', async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Consultation Calendar: GraphQL API');
    expect(page).toContain('href="./"');
    expect(page).not.toMatch(/<script|<link|src=/);
  });
});

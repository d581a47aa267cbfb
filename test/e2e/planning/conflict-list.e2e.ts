import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id conflicts { id kind } } }`;
const LIST = `query($filter: ConflictFilter, $first: Int, $after: String) {
  conflicts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind severity explanation consultation { title organisation { code } } other { title } acknowledgement { note } } }
  }
}`;

type Node = { id: string; kind: string; severity: string; explanation: string; consultation: { title: string; organisation: { code: string } }; other: { title: string } | null; acknowledgement: { note: string } | null };

// An analyst's system reads the network's clashes without walking every consultation: the
// conflicts query, over HTTP, on three organisations' plans in Tamworth and Lichfield.
describe('the conflicts query', () => {
  let t: TestApp;
  let analyst: string;
  let police: string;
  const plan = (title: string, areaCode: string, startDate: string, endDate: string, channels = ['ONLINE_SURVEY']) => ({
    title, areaCodes: [areaCode], audienceCodes: ['OLDER_PEOPLE'], channels, startDate, endDate,
  });
  const list = async (filter: Record<string, unknown>, first = 25, after?: string) => (await t.ok(analyst, LIST, { filter, first, after })).conflicts;
  const nodes = async (filter: Record<string, unknown>): Promise<Node[]> => (await list(filter)).edges.map((e: { node: Node }) => e.node);

  beforeAll(async () => {
    t = await createTestApp();
    analyst = (await t.member('SSOT-VCS', 'VIEWER')).apiKey;
    police = (await t.member('SP', 'OFFICER')).apiKey;
    const tamworth = (await t.member('TBC', 'OFFICER')).apiKey;
    const lichfield = (await t.member('LDC', 'OFFICER')).apiKey;
    // Tamworth's and the police's both meet older people in Tamworth in person (HIGH).
    await t.ok(tamworth, REGISTER, { input: plan('Tamworth parks survey', 'E07000199', '2027-09-06', '2027-09-26', ['ONLINE_SURVEY', 'DROP_IN']) });
    await t.ok(police, REGISTER, { input: plan('Neighbourhood policing survey', 'E07000199', '2027-09-13', '2027-10-03', ['ONLINE_SURVEY', 'STREET_OUTREACH']) });
    // Lichfield's two, nine days apart (a LOW near miss), and the county's postal survey across both (MEDIUM: county-wide, by post).
    await t.ok(lichfield, REGISTER, { input: plan('Lichfield bins survey', 'E07000194', '2027-11-01', '2027-11-21') });
    await t.ok(lichfield, REGISTER, { input: plan('Lichfield leisure centres review', 'E07000194', '2027-12-01', '2027-12-20') });
    const county = (await t.member('SCC', 'OFFICER')).apiKey;
    await t.ok(county, REGISTER, { input: { ...plan('Staffordshire libraries review', 'E10000028', '2027-11-15', '2027-12-05'), channels: ['POSTAL_SURVEY'] } });
  });
  afterAll(() => t.close());

  it("tells a clash from the side of the organisation asked about, and lists a pair once when none is", async () => {
    const [forPolice] = await nodes({ organisationCodes: ['SP'] });
    expect(forPolice).toMatchObject({
      kind: 'OVERLAP',
      severity: 'HIGH',
      consultation: { title: 'Neighbourhood policing survey', organisation: { code: 'SP' } },
      other: { title: 'Tamworth parks survey' },
    });
    expect(forPolice.explanation).toMatch(/^Overlaps 13–26 September 2027 with "Tamworth parks survey" \(Tamworth Borough Council\).* Both meet them in person in the same district or smaller/);
    const [forTamworth] = await nodes({ organisationCodes: ['TBC'] });
    expect(forTamworth).toMatchObject({ id: forPolice.id, consultation: { title: 'Tamworth parks survey' }, other: { title: 'Neighbourhood policing survey' } });
    expect((await nodes({})).filter((n) => n.id === forPolice.id)).toHaveLength(1);
    expect((await nodes({ organisationCodes: ['LDC'] })).map((n) => n.id)).not.toContain(forPolice.id);
    // Lichfield's own two, nine days apart: both sides are Lichfield's, and the pair is listed once.
    const nearMiss = await nodes({ organisationCodes: ['LDC', 'SP'], severities: ['LOW'] });
    expect(nearMiss.map((n) => [n.consultation.organisation.code, n.other?.title])).toEqual([['LDC', expect.stringMatching(/^Lichfield (bins survey|leisure centres review)$/)]]);
  });

  it('narrows by severity, kind, dates, status and acknowledgement', async () => {
    const all = await nodes({ organisationCodes: ['SP'] });
    expect(all).toHaveLength(1);
    expect(await nodes({ organisationCodes: ['SP'], severities: ['LOW', 'MEDIUM'] })).toEqual([]);
    expect(await nodes({ organisationCodes: ['SP'], kinds: ['DUPLICATE'] })).toEqual([]);
    expect(await nodes({ organisationCodes: ['SP'], kinds: ['OVERLAP'], from: '2027-10-03', to: '2027-12-31' })).toHaveLength(1);
    expect(await nodes({ organisationCodes: ['SP'], from: '2027-10-04' })).toEqual([]);
    expect(await nodes({ organisationCodes: ['SP'], statuses: ['LIVE'] })).toEqual([]);
    expect(await nodes({ organisationCodes: ['SP'], acknowledged: false })).toHaveLength(1);

    await t.ok(police, `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Agreed with Tamworth: a joint leaflet") { id } }`, { id: all[0].id });
    expect(await nodes({ organisationCodes: ['SP'], acknowledged: false })).toEqual([]);
    expect((await nodes({ organisationCodes: ['SP'], acknowledged: true }))[0].acknowledgement).toEqual({ note: 'Agreed with Tamworth: a joint leaflet' });
  });

  it('pages through every conflict once, most severe first, with the total', async () => {
    const whole = await list({}, 100);
    const seen: Node[] = [];
    let after: string | undefined;
    do {
      const page = await list({}, 1, after);
      seen.push(...page.edges.map((e: { node: Node }) => e.node));
      expect(page.totalCount).toBe(whole.totalCount);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen.map((n) => n.id)).toEqual(whole.edges.map((e: { node: Node }) => e.node.id));
    expect(new Set(seen.map((n) => n.severity))).toEqual(new Set(['HIGH', 'MEDIUM', 'LOW']));
    const ranks = seen.map((n) => ['HIGH', 'MEDIUM', 'LOW'].indexOf(n.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('refuses an unknown organisation or a cursor it did not issue, naming the field', async () => {
    const unknown = await t.graphql(analyst, LIST, { filter: { organisationCodes: ['NOBODY'] } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.organisationCodes' });
    const forged = Buffer.from(JSON.stringify(['1', 'DROP TABLE', '1', 'x'])).toString('base64url');
    const refused = await t.graphql(analyst, LIST, { filter: {}, after: forged });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind other { id } } }`;
const AREA = `query($search: String) { areas(search: $search) { code name validFrom validTo } }`;
const UPDATE_AREA = `mutation($code: String!, $input: UpdateAreaInput!) { updateArea(code: $code, input: $input) { code name validFrom validTo } }`;
const AMINGTON = 'E05007066'; // a Tamworth ward

// Geography and the network change over time: a coordinator renames what was misnamed, and ends
// a ward when a boundary review replaces it. Over HTTP, on the seeded Staffordshire data.
describe('reference data changes over time', () => {
  let t: TestApp;
  let coordinator: string;
  let officer: string;
  const plan = (startDate: string, endDate: string, title = 'Amington play areas') => ({ title, areaCodes: [AMINGTON], audienceCodes: ['RESIDENTS'], startDate, endDate });
  const amington = async () => (await t.ok(coordinator, AREA, { search: AMINGTON })).areas[0];

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
  });
  afterAll(() => t.close());

  it('ends a ward: new plans may name it only up to its last day, registered ones keep it and still clash', async () => {
    const june = (await t.ok(officer, REGISTER, { input: plan('2027-06-07', '2027-06-27') })).registerConsultation.id;

    const ended = await t.ok(coordinator, UPDATE_AREA, { code: AMINGTON, input: { validTo: '2027-05-05' } });
    expect(ended.updateArea).toEqual({ code: AMINGTON, name: 'Amington', validFrom: null, validTo: '2027-05-05' });

    const refused = await t.graphql(officer, CHECK, { input: plan('2027-06-01', '2027-06-30') });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCodes' });
    expect(refused.errors?.[0].message).toBe("Not valid on the consultation's dates: E05007066 (… to 2027-05-05)");
    expect((await t.graphql(officer, CHECK, { input: plan('2027-04-05', '2027-05-05') })).errors).toBeUndefined();

    // The June consultation was registered on the ward, and is still compared on it.
    const tamworth = await t.ok(officer, CHECK, { input: { ...plan('2027-06-14', '2027-06-20', 'Tamworth bus routes'), areaCodes: ['E07000199'] } });
    expect(tamworth.checkConsultation).toContainEqual({ kind: 'OVERLAP', other: { id: june } });

    // null clears the date: the ward exists again.
    expect((await t.ok(coordinator, UPDATE_AREA, { code: AMINGTON, input: { validTo: null } })).updateArea.validTo).toBeNull();
    expect((await t.graphql(officer, CHECK, { input: plan('2027-06-01', '2027-06-30') })).errors).toBeUndefined();
  });

  it('renames an organisation, an area and an audience everywhere at once, and audits each change', async () => {
    const id = (await t.ok(officer, REGISTER, { input: plan('2027-09-06', '2027-09-26', 'Amington library hours') })).registerConsultation.id;
    const GET = `query($id: ID!) { consultation(id: $id) { organisation { name kind } areas { name } audiences { name } } }`;
    expect((await t.ok(officer, GET, { id })).consultation.organisation.name).toBe('Tamworth Borough Council');

    await t.ok(coordinator, `mutation { updateOrganisation(code: "TBC", input: { name: "  North Staffordshire Council (Tamworth)  ", kind: UNITARY }) { code } }`);
    await t.ok(coordinator, `mutation { updateArea(code: "${AMINGTON}", input: { name: "Amington and Glascote" }) { code } }`);
    await t.ok(coordinator, `mutation { updateAudience(code: "RESIDENTS", input: { name: "All residents" }) { code } }`);

    expect((await t.ok(officer, GET, { id })).consultation).toEqual({
      organisation: { name: 'North Staffordshire Council (Tamworth)', kind: 'UNITARY' },
      areas: [{ name: 'Amington and Glascote' }],
      audiences: [{ name: 'All residents' }],
    });
    const { auditLog } = await t.ok(coordinator, `{ auditLog(first: 3, filter: { entityType: "organisation" }) { edges { node { action before after } } } }`);
    const entries = auditLog.edges.map(({ node }: { node: { action: string; before: string; after: string } }) => ({ ...node, before: JSON.parse(node.before), after: JSON.parse(node.after) }));
    expect(entries).toContainEqual({
      action: 'organisation.update',
      before: { name: 'Tamworth Borough Council', kind: 'DISTRICT' },
      after: { name: 'North Staffordshire Council (Tamworth)', kind: 'UNITARY' },
    });
  });

  it('refuses a bad change naming the field, and changes nothing', async () => {
    const before = await amington();
    const cases: [string, Record<string, unknown>, string, string][] = [
      [UPDATE_AREA, { code: AMINGTON, input: { validFrom: '2027-01-01', validTo: '2026-12-31' } }, 'BAD_USER_INPUT', 'validTo'],
      [UPDATE_AREA, { code: AMINGTON, input: { name: '   ' } }, 'BAD_USER_INPUT', 'name'],
      [UPDATE_AREA, { code: AMINGTON, input: { name: 'x'.repeat(201) } }, 'BAD_USER_INPUT', 'name'],
      [UPDATE_AREA, { code: 'E05999999', input: { name: 'Nowhere' } }, 'NOT_FOUND', 'code'],
      [`mutation { updateOrganisation(code: "NOBODY", input: { name: "Nobody" }) { code } }`, {}, 'NOT_FOUND', 'code'],
    ];
    for (const [query, variables, code, field] of cases) {
      const refused = await t.graphql(coordinator, query, variables);
      expect({ query, ...refused.errors?.[0].extensions }).toMatchObject({ query, code, field });
    }
    expect(await amington()).toEqual(before);
    expect((await t.graphql(officer, UPDATE_AREA, { code: AMINGTON, input: { name: 'Mine now' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('imports a boundary review from CSV: checked first, a dry run keeps nothing, then all at once', async () => {
    const IMPORT = `mutation($csv: String!, $dryRun: Boolean) { importAreas(csv: $csv, dryRun: $dryRun) {
      imported rowCount problems { line column field message } rows { line code name action } } }`;
    const review = [
      'code,name,level,within,union of,valid from,valid to',
      'E05099901,Amington North,WARD,E07000199,,2027-05-06,',
      'E05099902,Amington South,ward,E07000199,,06/05/2027,',
      `${AMINGTON},,,,,,2027-05-05`,
      'TAM-NORTH,Tamworth North,,,E05099901; E05007067,,',
    ].join('\n');
    const dry = (await t.ok(coordinator, IMPORT, { csv: review, dryRun: true })).importAreas;
    expect(dry).toMatchObject({ imported: false, rowCount: 4, problems: [] });
    expect(dry.rows.map((r: { code: string; action: string }) => `${r.code} ${r.action}`)).toEqual(['E05099901 CREATE', 'E05099902 CREATE', `${AMINGTON} UPDATE`, 'TAM-NORTH CREATE']);
    expect((await t.ok(coordinator, AREA, { search: 'E050999' })).areas).toEqual([]);
    expect((await amington()).validTo).toBeNull();

    expect((await t.ok(coordinator, IMPORT, { csv: review })).importAreas).toMatchObject({ imported: true, problems: [] });
    expect((await t.ok(coordinator, AREA, { search: 'E050999' })).areas).toEqual([
      { code: 'E05099901', name: 'Amington North', validFrom: '2027-05-06', validTo: null },
      { code: 'E05099902', name: 'Amington South', validFrom: '2027-05-06', validTo: null },
    ]);
    expect((await amington()).validTo).toBe('2027-05-05');
    // From the day the new wards begin, a plan names them, and the union meets what is planned in its parts.
    const north = { ...plan('2027-06-07', '2027-06-27', 'Amington North litter picks'), areaCodes: ['E05099901'] };
    const id = (await t.ok(officer, REGISTER, { input: north })).registerConsultation.id;
    expect((await t.graphql(officer, CHECK, { input: { ...north, startDate: '2027-04-05', endDate: '2027-04-25' } })).errors?.[0].extensions).toMatchObject({ field: 'areaCodes' });
    const union = await t.ok(officer, CHECK, { input: { ...north, title: 'Tamworth North survey', areaCodes: ['TAM-NORTH'] } });
    expect(union.checkConsultation).toContainEqual({ kind: 'OVERLAP', other: { id } });

    // Nothing of a file with any problem is kept; every problem is named by line and column.
    const bad = [
      'code,name,level,within,union of,valid from,valid to',
      'E05099903,Glascote Heath,WARD,NOWHERE,,,',
      'E07000199,,WARD,,,,',
      'E05099904,,WARD,E07000199,,2027-13-01,',
      'E05099905,Wilnecote East,PARISH,E07000199,,,',
    ].join('\n');
    const refused = (await t.ok(coordinator, IMPORT, { csv: bad })).importAreas;
    expect(refused.imported).toBe(false);
    expect(refused.problems.map((p: { line: number; column: string; field: string }) => [p.line, p.column, p.field])).toEqual([
      [2, 'within', 'parentCode'],
      [3, 'level', 'level'],
      [4, 'valid from', 'validFrom'],
      [4, 'name', 'name'],
    ]);
    expect((await t.ok(coordinator, AREA, { search: 'Wilnecote East' })).areas).toEqual([]);
  });

  it('shows another instance’s change once this one has held the row for REFERENCE_CACHE_SECONDS', async () => {
    const other = await createTestApp({ REFERENCE_CACHE_SECONDS: '1' }, t.database);
    try {
      const GET = `{ organisations { code name } }`;
      const otherOfficer = (await other.member('SP', 'OFFICER')).apiKey;
      const id = (await other.ok(otherOfficer, REGISTER, { input: { ...plan('2027-10-04', '2027-10-24', 'Neighbourhood policing priorities'), areaCodes: ['E05007067'] } })).registerConsultation.id;
      const name = async () => (await other.ok(otherOfficer, `query($id: ID!) { consultation(id: $id) { organisation { name } } }`, { id })).consultation.organisation.name;
      expect(await name()).toBe('Staffordshire Police');

      await t.ok(coordinator, `mutation { updateOrganisation(code: "SP", input: { name: "Staffordshire Police Force" }) { code } }`);
      expect((await other.ok(otherOfficer, GET)).organisations).toContainEqual({ code: 'SP', name: 'Staffordshire Police Force' }); // a list reads the table
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await name()).toBe('Staffordshire Police Force');
    } finally {
      await other.app.close();
    }
  });
});

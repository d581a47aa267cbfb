import { randomUUID } from 'node:crypto';
import { recordSql } from '../../support/sql-recorder';
import { createTestApp, TestApp } from '../../support/test-app';

// Triage, not a wall: a consultation's clashes counted one per other consultation at the worst
// severity still unacknowledged, grouped for action, cleared several at a time with one note,
// and a launch refused with its HIGH clashes grouped the same way.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const SUMMARY = `query($id: ID!) { consultation(id: $id) {
  conflicts { id kind severity other { id } acknowledgement { note } }
  clashSummary { high medium low
    pairs { other { id title } severity settled kinds conflicts { id kind acknowledgement { note } } }
    unpaired { id kind severity } } } }`;
const ACKNOWLEDGE_ALL = `mutation($ids: [ID!]!, $note: String!) { acknowledgeConflicts(ids: $ids, note: $note) { id acknowledgement { note by { email } } } }`;
const LAUNCH = `mutation($id: ID!) { launchConsultation(id: $id) { status } }`;

// Tamworth in September 2027, away from the seeded blackout periods.
const plan = (over: Record<string, unknown>) => ({ areaCodes: ['E07000199'], channels: ['ONLINE_SURVEY'], startDate: '2027-09-06', endDate: '2027-09-26', ...over });

type Conflict = { id: string; kind: string; severity: string; other: { id: string } | null; acknowledgement: { note: string } | null };
type Pair = { other: { id: string; title: string }; severity: string; settled: boolean; kinds: string[]; conflicts: { id: string; kind: string; acknowledgement: { note: string } | null }[] };

describe('clash triage through GraphQL', () => {
  let t: TestApp;
  let tamworth: { id: string; apiKey: string; email: string }; // an officer of Tamworth Borough Council
  let police: string;
  let ids: Record<'budget' | 'panel' | 'reuse' | 'nearMiss', string>;

  const summaryOf = async (id: string) => (await t.ok(tamworth.apiKey, SUMMARY, { id })).consultation as { conflicts: Conflict[]; clashSummary: { high: number; medium: number; low: number; pairs: Pair[]; unpaired: Conflict[] } };
  const auditedIds = async () => (await t.dataSource.query(`SELECT entity_id FROM audit_log WHERE action = 'conflict.acknowledge' ORDER BY entity_id`)).map((r: { entity_id: string }) => r.entity_id);

  beforeAll(async () => {
    t = await createTestApp();
    tamworth = await t.member('TBC', 'OFFICER');
    police = (await t.member('SP', 'OFFICER')).apiKey;
    const register = async (key: string, input: Record<string, unknown>) => (await t.ok(key, REGISTER, { input: plan(input) })).registerConsultation.id as string;
    ids = {
      // Tamworth asks its Citizens' Panel and businesses about the budget…
      budget: await register(tamworth.apiKey, { title: 'Tamworth budget priorities', topics: ['budget'], audienceCodes: ['CITIZENS_PANEL', 'BUSINESSES'], channels: ['PANEL_SURVEY'] }),
      // …while the police ask the same panel about something else (HIGH: every panel member asked twice),
      panel: await register(police, { title: 'Neighbourhood policing priorities', topics: ['policing'], audienceCodes: ['CITIZENS_PANEL'], channels: ['PANEL_SURVEY'] }),
      // ask residents about the budget four months later (MEDIUM: reuse its findings),
      reuse: await register(police, { title: 'Policing budget and precept', topics: ['budget'], audienceCodes: ['RESIDENTS'], startDate: '2028-01-10', endDate: '2028-01-31' }),
      // and ask businesses about crime just after it (LOW: a near miss on the public at large).
      nearMiss: await register(police, { title: 'Business crime survey', topics: ['business crime'], audienceCodes: ['BUSINESSES'], startDate: '2027-09-30', endDate: '2027-10-20' }),
    };
  });
  afterAll(() => t.close());

  it('counts clashes one per other consultation at its worst severity, and groups every conflict with it', async () => {
    const { conflicts, clashSummary } = await summaryOf(ids.budget);
    expect(clashSummary.pairs.map((p) => [p.other.id, p.severity, p.settled])).toEqual([
      [ids.panel, 'HIGH', false],
      [ids.reuse, 'MEDIUM', false],
      [ids.nearMiss, 'LOW', false],
    ]);
    expect(clashSummary).toMatchObject({ high: 1, medium: 1, low: 1, unpaired: [] });
    expect(clashSummary.pairs[0].other.title).toBe('Neighbourhood policing priorities');
    // Each pair holds every conflict with that consultation (an OVERLAP and a DUPLICATE of one pair are one clash), and its kinds.
    for (const pair of clashSummary.pairs) {
      const withIt = conflicts.filter((c) => c.other?.id === pair.other.id);
      expect(pair.conflicts.map((c) => c.id)).toEqual(withIt.map((c) => c.id));
      expect(pair.kinds).toEqual([...new Set(withIt.map((c) => c.kind))]);
    }
    expect(clashSummary.pairs.flatMap((p) => p.conflicts)).toHaveLength(conflicts.length);
  });

  it('answers a page of consultations in as many statements as a page of one', async () => {
    const page = (first: number) => `{ consultations(filter: { areaCodes: ["E07000199"], from: "2027-09-01", to: "2028-02-01" }, first: ${first}) {
      edges { node { id clashSummary { high medium low pairs { other { title } conflicts { id } } } } } } }`;
    let all: any;
    await t.settled(); // earlier writes' queued re-evaluations are not what is counted
    const statements = await recordSql(async () => (all = await t.ok(tamworth.apiKey, page(20))), { requestsOnly: true });
    expect(all.consultations.edges).toHaveLength(4);
    expect(all.consultations.edges.find((e: { node: { id: string } }) => e.node.id === ids.panel).node.clashSummary).toMatchObject({ high: 1, medium: 0, low: 0 });
    expect(statements.length).toBeGreaterThan(0);
    expect(statements).toHaveLength((await recordSql(() => t.ok(tamworth.apiKey, page(1)), { requestsOnly: true })).length);
  });

  it('acknowledges several at once, one audit row each; settled clashes leave the counts', async () => {
    const before = await summaryOf(ids.budget);
    const [panel, reuse] = before.clashSummary.pairs;
    const chosen = [...panel.conflicts, ...reuse.conflicts].map((c) => c.id);
    const { acknowledgeConflicts } = await t.ok(tamworth.apiKey, ACKNOWLEDGE_ALL, { ids: [...chosen, chosen[0]], note: 'Agreed with the police: one panel mailing, two surveys' });
    expect(acknowledgeConflicts.map((c: { id: string }) => c.id)).toEqual(chosen); // each once, in the order given
    expect(new Set(acknowledgeConflicts.map((c: { acknowledgement: unknown }) => JSON.stringify(c.acknowledgement)))).toEqual(
      new Set([JSON.stringify({ note: 'Agreed with the police: one panel mailing, two surveys', by: { email: tamworth.email } })]),
    );
    expect(await auditedIds()).toEqual([...chosen].sort());

    const after = (await summaryOf(ids.budget)).clashSummary;
    expect(after).toMatchObject({ high: 0, medium: 0, low: 1 });
    // The open one first; the settled ones keep their severity and go last.
    expect(after.pairs.map((p) => [p.other.id, p.severity, p.settled])).toEqual([
      [ids.nearMiss, 'LOW', false],
      [ids.panel, 'HIGH', true],
      [ids.reuse, 'MEDIUM', true],
    ]);
    // The other side sees the same clash settled.
    const theirs = (await t.ok(police, `query($id: ID!) { consultation(id: $id) { clashSummary { high pairs { settled } } } }`, { id: ids.panel })).consultation.clashSummary;
    expect(theirs).toEqual({ high: 0, pairs: [{ settled: true }] });
  });

  it('acknowledges nothing when one id is not the caller’s to acknowledge, and says which', async () => {
    const open = (await summaryOf(ids.budget)).clashSummary.pairs[0].conflicts[0].id;
    const elsewhere = await conflictBetweenOthers();
    const audited = await auditedIds();
    for (const [bad, code] of [
      [randomUUID(), 'NOT_FOUND'],
      ['check:OVERLAP:' + ids.panel, 'NOT_FOUND'], // a dry run's id names no kept conflict
      [elsewhere, 'NOT_FOUND'], // another organisation's clash: as if it did not exist, as for acknowledgeConflict
    ]) {
      const refused = await t.graphql(tamworth.apiKey, ACKNOWLEDGE_ALL, { ids: [open, bad], note: 'Agreed with everyone concerned' });
      expect(refused.errors?.[0].extensions).toMatchObject({ code, field: 'ids', ids: [bad] });
      expect(refused.errors?.[0].message).toContain(bad);
    }
    const single = await t.graphql(tamworth.apiKey, `mutation($id: ID!) { acknowledgeConflict(id: $id, note: "Agreed with everyone concerned") { id } }`, { id: elsewhere });
    expect(single.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await summaryOf(ids.budget)).clashSummary.pairs[0].conflicts[0].acknowledgement).toBeNull();
    expect(await auditedIds()).toEqual(audited);

    const viewer = (await t.member('TBC', 'VIEWER')).apiKey;
    expect((await t.graphql(viewer, ACKNOWLEDGE_ALL, { ids: [open], note: 'Agreed with everyone concerned' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.graphql(tamworth.apiKey, ACKNOWLEDGE_ALL, { ids: [open], note: 'fine' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect((await t.graphql(tamworth.apiKey, ACKNOWLEDGE_ALL, { ids: [], note: 'Agreed with everyone concerned' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });

  it('refuses a launch with its HIGH clashes grouped by the other consultation, and launches once they are acknowledged', async () => {
    // Two more Citizens' Panel surveys meet the police's panel survey: three HIGH clashes for it.
    const fire = (await t.member('SFRS', 'OFFICER')).apiKey;
    const register = async (key: string, input: Record<string, unknown>) => (await t.ok(key, REGISTER, { input: plan(input) })).registerConsultation.id as string;
    const safety = await register(fire, { title: 'Home fire safety panel', topics: ['fire safety'], audienceCodes: ['CITIZENS_PANEL'], channels: ['PANEL_SURVEY'] });
    const { conflicts, clashSummary } = (await t.ok(police, SUMMARY, { id: ids.panel })).consultation;
    const high = clashSummary.pairs.filter((p: Pair) => p.severity === 'HIGH' && !p.settled);
    expect(high.map((p: Pair) => p.other.id)).toEqual([safety]); // Tamworth's is acknowledged

    const refused = await t.graphql(police, LAUNCH, { id: ids.panel });
    const error = refused.errors![0];
    expect(error.extensions).toMatchObject({ code: 'CONFLICT_UNACKNOWLEDGED', field: 'id' });
    const openHigh = conflicts.filter((c: Conflict) => c.severity === 'HIGH' && !c.acknowledgement).map((c: Conflict) => c.id);
    expect(error.extensions!.clashes).toEqual([
      { with: `with "Home fire safety panel" (Staffordshire Fire and Rescue Service)`, otherId: safety, blackoutId: null, kinds: high[0].kinds, conflictIds: openHigh },
    ]);
    expect(error.extensions!.conflictIds).toEqual(openHigh);
    expect(error.message).toBe(
      `"Neighbourhood policing priorities" cannot go live while a HIGH clash is unacknowledged. Acknowledge each, or change the plan:\n` +
        `- with "Home fire safety panel" (Staffordshire Fire and Rescue Service): ${high[0].kinds.map((k: string) => k.toLowerCase()).join(', ')} (${openHigh.length === 1 ? 'conflict' : 'conflicts'} ${openHigh.join(', ')})`,
    );

    // One call with the ids the refusal gave clears the way.
    await t.ok(police, ACKNOWLEDGE_ALL, { ids: error.extensions!.conflictIds, note: 'Agreed with the fire service: a joint panel mailing' });
    expect((await t.ok(police, LAUNCH, { id: ids.panel })).launchConsultation.status).toBe('LIVE');
  });

  /** A kept clash between the police and the fire service, which Tamworth is no side of. */
  async function conflictBetweenOthers(): Promise<string> {
    const fire = (await t.member('SFRS', 'OFFICER')).apiKey;
    const where = { areaCodes: ['E07000192'], audienceCodes: ['OLDER_PEOPLE'], startDate: '2027-11-01', endDate: '2027-11-21' };
    await t.ok(police, REGISTER, { input: plan({ ...where, title: 'Older people and scams' }) });
    const id = (await t.ok(fire, REGISTER, { input: plan({ ...where, title: 'Safe and well visits' }) })).registerConsultation.id;
    const { consultation } = await t.ok(fire, `query($id: ID!) { consultation(id: $id) { conflicts { id } } }`, { id });
    return consultation.conflicts[0].id;
  }
});

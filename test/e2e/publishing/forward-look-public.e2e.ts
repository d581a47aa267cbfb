import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument, parseFeed } from 'htmlparser2';
import ICAL from 'ical.js';
import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id public } }`;
const UPDATE = `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id public } }`;
const step = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { id } }`;

// Each organisation decides per consultation whether the public forward look shows it, with a
// default of its own; read back over real HTTP by the same independent parsers as the forward look.
describe('public forward look: which consultations are public', () => {
  let t: TestApp;
  let coordinator: string;
  let tamworth: string;
  let lichfield: string;
  let quietId: string;
  const plan = (title: string, extra: Record<string, unknown> = {}) => ({ title, audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: '2027-10-04', endDate: '2027-10-24', ...extra });
  const get = async (path: string) => (await fetch(`${t.baseUrl}${path}`)).text();
  const register = async (key: string, input: Record<string, unknown>) => (await t.ok(key, REGISTER, { input })).registerConsultation as { id: string; public: boolean };

  // What each public route shows, as its parser reads it.
  const shown = async () => {
    const ics = new ICAL.Component(ICAL.parse(await get('/forward-look.ics'))).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')));
    const atom = parseFeed(await get('/forward-look.atom'), { xmlMode: true })!.items.map((i) => `${i.title} ${i.description}`);
    const [, ...rows] = parseCsv(await get('/forward-look.csv'), { bom: true }) as string[][];
    const texts: string[] = [];
    const walk = (node: any): void => {
      if (node.type === 'text') texts.push(node.data);
      node.children?.forEach(walk);
    };
    walk(parseDocument(await get('/forward-look')));
    return { page: texts.join(' '), ics: ics.join('\n'), atom: atom.join('\n'), csv: rows.map((r) => r[0]).join('\n') };
  };

  beforeAll(async () => {
    t = await createTestApp();
    coordinator = (await t.member('SCC', 'COORDINATOR')).apiKey;
    tamworth = (await t.member('TBC', 'OFFICER')).apiKey;
    lichfield = (await t.member('LDC', 'OFFICER')).apiKey;
  });
  afterAll(() => t.close());

  it('lets a coordinator make an organisation’s consultations private by default, audited', async () => {
    const { updateOrganisation } = await t.ok(coordinator, `mutation { updateOrganisation(code: "LDC", input: { publicByDefault: false }) { code publicByDefault } }`);
    expect(updateOrganisation).toEqual({ code: 'LDC', publicByDefault: false });
    const { auditLog } = await t.ok(coordinator, `{ auditLog(first: 1, filter: { entityType: "organisation" }) { edges { node { action before after } } } }`);
    const [{ node }] = auditLog.edges;
    expect({ ...node, before: JSON.parse(node.before), after: JSON.parse(node.after) }).toEqual({ action: 'organisation.update', before: { publicByDefault: true }, after: { publicByDefault: false } });

    expect((await register(lichfield, plan('Lichfield bus routes', { areaCodes: ['E07000194'] }))).public).toBe(false);
    expect((await register(lichfield, plan('Lichfield market days', { areaCodes: ['E07000194'], public: true }))).public).toBe(true);
    expect((await register(tamworth, plan('Tamworth library hours'))).public).toBe(true);
    quietId = (await register(tamworth, plan('Tamworth staff rota', { public: false }))).id;

    // An import's rows (the CSV layout has no column for it) take their organisation's default too.
    const csv = 'title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status\nLichfield parking,,LDC,2027-10-04,2027-10-24,E07000194,RESIDENTS,,,PLANNED\n';
    const { importConsultations } = await t.ok(lichfield, `mutation($csv: String!) { importConsultations(csv: $csv, dryRun: false) { rows { consultation { public } } } }`, { csv });
    expect(importConsultations.rows).toEqual([{ consultation: { public: false } }]);
  });

  it('shows only public consultations and responses on the page, the iCalendar and Atom feeds and the CSV', async () => {
    const { id } = await register(tamworth, plan('Tamworth bins survey', { public: false, startDate: '2027-12-01', endDate: '2027-12-14' }));
    for (const name of ['launchConsultation', 'closeConsultation']) await t.ok(tamworth, step(name), { id });
    await t.ok(tamworth, `mutation($id: ID!) { recordFindings(consultationId: $id, input: { responseCount: 40, summary: "Most wanted weekly bins" }) { id } }`, { id });
    await t.ok(tamworth, `mutation($id: ID!) { publishResponse(consultationId: $id, statement: "You said fortnightly bins; we kept them weekly.") { id } }`, { id });

    const routes = await shown();
    for (const [route, text] of Object.entries(routes)) {
      for (const present of ['Tamworth library hours', 'Lichfield market days']) expect({ route, present: text.includes(present) }).toEqual({ route, present: true });
      for (const absent of ['Tamworth staff rota', 'Lichfield bus routes', 'Lichfield parking', 'Tamworth bins survey', 'we kept them weekly']) expect({ route, absent: !text.includes(absent) }).toEqual({ route, absent: true });
    }
  });

  it('lets the organisation change its mind before launch, and refuses afterwards naming the field', async () => {
    expect((await t.ok(tamworth, UPDATE, { id: quietId, input: { public: true } })).updateConsultation.public).toBe(true);
    await t.ok(tamworth, step('launchConsultation'), { id: quietId });
    const refused = await t.graphql(tamworth, UPDATE, { id: quietId, input: { public: false } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'public' });
    // Saying what it already is changes nothing, so a form sent again whole is still accepted.
    expect((await t.ok(tamworth, UPDATE, { id: quietId, input: { public: true, summary: 'Rotas for library staff' } })).updateConsultation.public).toBe(true);
    expect((await t.ok(tamworth, `query($id: ID!) { consultation(id: $id) { public } }`, { id: quietId })).consultation.public).toBe(true);
  });
});

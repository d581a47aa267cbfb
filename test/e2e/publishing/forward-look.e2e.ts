import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument, parseFeed } from 'htmlparser2';
import ICAL from 'ical.js';
import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const BASE = 'https://calendar.network.example';

// The public forward look over real HTTP without a key, read back by independent parsers:
// htmlparser2 for the page and the Atom feed, ical.js for the calendar, csv-parse for the CSV.
describe('public forward look', () => {
  let t: TestApp;
  let officer: { apiKey: string; email: string };
  const tamworth = { audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: '2027-10-04', endDate: '2027-10-24' };

  const get = async (path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, body: await response.text() };
  };
  const textOf = (html: string) => {
    const texts: string[] = [];
    const walk = (node: any): void => {
      if (node.type === 'text') texts.push(node.data);
      node.children?.forEach(walk);
    };
    walk(parseDocument(html));
    return texts.join(' ');
  };
  const summaries = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary'))).sort();

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: BASE, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '60' });
    officer = await t.member('TBC', 'OFFICER');
    const key = officer.apiKey;
    await t.ok(key, REGISTER, { input: { ...tamworth, title: 'Library opening hours', summary: 'When should Tamworth library open?' } });
    await t.ok(key, REGISTER, { input: { ...tamworth, title: 'Secret draft plan', status: 'DRAFT' } });
    await t.ok(key, REGISTER, { input: { ...tamworth, title: 'Stafford youth voice', areaCodes: ['E07000197'], audienceCodes: ['YOUNG_PEOPLE'] } });
    const live = (await t.ok(key, REGISTER, { input: { ...tamworth, title: 'Town centre parking', startDate: '2027-11-01', endDate: '2027-11-21' } })).registerConsultation.id;
    await t.ok(key, `mutation($id: ID!) { launchConsultation(id: $id) { id } }`, { id: live });
    for (const [title, publish] of [['Parks survey', true], ['Bins survey', false]] as const) {
      const { id } = (await t.ok(key, REGISTER, { input: { ...tamworth, title, startDate: '2027-12-01', endDate: '2027-12-14' } })).registerConsultation;
      await t.ok(key, `mutation($id: ID!) { launchConsultation(id: $id) { id } }`, { id });
      await t.ok(key, `mutation($id: ID!) { closeConsultation(id: $id) { id } }`, { id });
      await t.ok(key, `mutation($id: ID!) { recordFindings(consultationId: $id, input: { responseCount: 95, summary: "Internal summary of ${title}" }) { id } }`, { id });
      if (publish) await t.ok(key, `mutation($id: ID!) { publishResponse(consultationId: $id, statement: "You said the parks need more benches; we are adding twenty.") { id } }`, { id });
    }
  });
  afterAll(() => t.close());

  it('serves an accessible, printable page without a key: planned, running and published responses, no drafts or private fields', async () => {
    const page = await get('/forward-look');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const document = parseDocument(page.body);
    const html = document.children.find((n: any) => n.name === 'html') as any;
    expect(html.attribs.lang).toBe('en-GB');
    const text = textOf(page.body);
    for (const shown of ['Library opening hours', 'Stafford youth voice', 'Town centre parking', 'Running now', 'You said the parks need more benches']) expect(text).toContain(shown);
    for (const hidden of ['Secret draft plan', 'Bins survey', 'Internal summary', officer.email, 'Conflicts']) expect(page.body).not.toContain(hidden);
    // No inline script or style for the CSP to refuse; every control labelled.
    expect(page.body).not.toMatch(/<script|<style/);
    for (const id of ['area', 'audience']) expect(page.body).toContain(`<label for="${id}">`);
    expect(page.body).toContain('<link rel="stylesheet" href="/forward-look.css">');
    const css = await get('/forward-look.css');
    expect(css.status).toBe(200);
    expect(css.body).toContain('@media print');
  });

  it('filters by a ward or district and by audience, and answers 400 naming an unknown code', async () => {
    const ward = textOf((await get('/forward-look?area=E05007066')).body); // a ward in Tamworth
    expect(ward).toContain('Library opening hours');
    expect(ward).not.toContain('Stafford youth voice');
    // Through the hierarchy: asking residents reaches young people too, but not businesses.
    const young = textOf((await get('/forward-look?audience=YOUNG_PEOPLE')).body);
    expect(young).toContain('Stafford youth voice');
    expect(young).toContain('Library opening hours');
    const businesses = textOf((await get('/forward-look?audience=BUSINESSES')).body);
    expect(businesses).not.toContain('Stafford youth voice');
    expect(businesses).not.toContain('Library opening hours');
    const bad = await get('/forward-look.atom?area=NOWHERE');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('NOWHERE');
  });

  it('publishes an iCalendar feed a calendar client can read', async () => {
    const feed = await get('/forward-look.ics?area=E07000199');
    expect(feed.type).toMatch(/^text\/calendar/);
    expect(summaries(feed.body)).toEqual(['Library opening hours', 'Town centre parking', 'We asked, you said, we did: Parks survey']);
    expect(feed.body).not.toContain(officer.email);
    expect(feed.body).not.toContain('Conflicts:');
    const urls = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('url')));
    expect(urls.every((url) => url.startsWith(`${BASE}/forward-look?area=E07000199#`))).toBe(true);
  });

  it('publishes an Atom feed a feed reader can read', async () => {
    const feed = await get('/forward-look.atom');
    expect(feed.type).toMatch(/^application\/atom\+xml/);
    const parsed = parseFeed(feed.body, { xmlMode: true })!;
    expect(parsed.type).toBe('atom');
    expect(parsed.items.map((i) => i.title).sort()).toEqual(['Planned: Library opening hours', 'Planned: Stafford youth voice', 'Running: Town centre parking', 'We asked, you said, we did: Parks survey']);
    expect(parsed.items.find((i) => i.title?.startsWith('We asked'))?.description).toContain('we are adding twenty');
    expect(feed.body).not.toContain('Secret draft plan');
  });

  it('gives the public register as CSV with the export’s columns, planned and running only', async () => {
    const csv = await get('/forward-look.csv?area=E07000199');
    expect(csv.type).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(csv.body, { bom: true }) as string[][];
    const exported = (await t.ok(officer.apiKey, `{ exportConsultations { content } }`)).exportConsultations.content;
    expect(header).toEqual((parseCsv(exported, { bom: true }) as string[][])[0]);
    expect(rows.map((r) => r[0]).sort()).toEqual(['Library opening hours', 'Town centre parking']);
  });

  it('answers each filter from what it made a moment ago, and counts every request against the anonymous limit', async () => {
    const before = textOf((await get('/forward-look?audience=RESIDENTS')).body);
    await t.ok(officer.apiKey, REGISTER, { input: { ...tamworth, title: 'Leisure centre survey' } });
    expect(textOf((await get('/forward-look?audience=RESIDENTS')).body)).toBe(before); // kept
    expect(textOf((await get('/forward-look?audience=RESIDENTS,YOUNG_PEOPLE')).body)).toContain('Leisure centre survey'); // another filter: made now
    const statuses: number[] = [];
    for (let i = 0; i < 60 && !statuses.includes(429); i++) statuses.push((await get('/forward-look?audience=RESIDENTS')).status);
    expect(statuses.at(-1)).toBe(429);
    const refused = await get('/forward-look.ics');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

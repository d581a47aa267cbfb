import ICAL from 'ical.js';
import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const CREATE_FEED = `mutation($label: String!) { createCalendarFeed(label: $label) { feed { id label } consultationsUrl blackoutsUrl } }`;

// The feeds over real HTTP, read back with ical.js as a calendar client would.
describe('iCalendar feeds over HTTP', () => {
  let t: TestApp;
  let officer: string;
  let viewer: string;
  let feed: { feed: { id: string }; consultationsUrl: string; blackoutsUrl: string };
  const ids: Record<string, string> = {};

  const local = (url: string) => url.replace('https://calendar.network.example', t.baseUrl);
  const fetchFeed = async (url: string) => {
    const response = await fetch(local(url));
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };
  const events = (ics: string) =>
    new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => ({
      summary: String(v.getFirstPropertyValue('summary')),
      status: v.getFirstPropertyValue('status'),
      sequence: Number(v.getFirstPropertyValue('sequence')),
      start: String(v.getFirstPropertyValue('dtstart')),
      end: String(v.getFirstPropertyValue('dtend')),
    }));

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://calendar.network.example' });
    officer = (await t.member('TBC', 'OFFICER')).apiKey;
    viewer = (await t.member('SP', 'VIEWER')).apiKey;
    const plan = { audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: '2027-10-18', endDate: '2027-10-31' };
    ids.leisure = (await t.ok(officer, REGISTER, { input: { ...plan, title: 'Leisure, parks; and play' } })).registerConsultation.id;
    ids.draft = (await t.ok(officer, REGISTER, { input: { ...plan, title: 'Secret draft', status: 'DRAFT' } })).registerConsultation.id;
    ids.stafford = (await t.ok(officer, REGISTER, { input: { ...plan, title: 'Somewhere else', areaCodes: ['E07000197'] } })).registerConsultation.id;
    feed = (await t.ok(viewer, CREATE_FEED, { label: 'Outlook' })).createCalendarFeed;
  });
  afterAll(() => t.close());

  it('serves the register as a calendar a client can subscribe to, without drafts', async () => {
    expect(feed.consultationsUrl).toMatch(/^https:\/\/calendar\.network\.example\/calendar\.ics\?token=ccf_/);
    const response = await fetchFeed(feed.consultationsUrl);
    expect(response.status).toBe(200);
    expect(response.type).toMatch(/^text\/calendar/);
    const list = events(response.body);
    expect(list.map((e) => e.summary).sort()).toEqual(['Leisure, parks; and play', 'Somewhere else']);
    expect(list.find((e) => e.summary === 'Somewhere else')).toMatchObject({ start: '2027-10-18', end: '2027-11-01', status: 'CONFIRMED' });
  });

  it('links each event to the consultation in the planner', async () => {
    const vevent = new ICAL.Component(ICAL.parse((await fetchFeed(feed.consultationsUrl)).body)).getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('summary') === 'Somewhere else')!;
    const url = String(vevent.getFirstPropertyValue('url'));
    expect(url).toBe(`https://calendar.network.example/consultations/${ids.stafford}`);
    const opened = await fetch(local(url), { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe(`/#/consultation/${ids.stafford}`); // the planner's own route (web/app.js)
    expect((await fetch(`${t.baseUrl}/consultations/not-a-consultation`, { redirect: 'manual' })).status).toBe(404);
  });

  it('filters by area through the hierarchy', async () => {
    const { body } = await fetchFeed(`${feed.consultationsUrl}&area=E05007066`); // a ward in Tamworth
    expect(events(body).map((e) => e.summary)).toEqual(['Leisure, parks; and play']);
    const bad = await fetchFeed(`${feed.consultationsUrl}&area=NOWHERE`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('NOWHERE');
  });

  it('takes codes repeated as well as separated by commas, and answers 400 to a code with the NUL character and 401 to two tokens', async () => {
    const repeated = await fetchFeed(`${feed.consultationsUrl}&area=E05007066&area=E07000197`);
    const commas = await fetchFeed(`${feed.consultationsUrl}&area=E05007066,E07000197`);
    expect(repeated.status).toBe(200);
    expect(events(repeated.body).map((e) => e.summary)).toEqual(events(commas.body).map((e) => e.summary));
    for (const odd of ['&area=%00', '&organisation=SP%00']) {
      expect({ odd, status: (await fetchFeed(`${feed.consultationsUrl}${odd}`)).status }).toEqual({ odd, status: 400 });
    }
    const token = new URL(feed.consultationsUrl).searchParams.get('token');
    expect((await fetch(`${t.baseUrl}/blackouts.ics?token=${token}&token=${token}`)).status).toBe(401);
  });

  it('sends a cancellation as STATUS:CANCELLED with a higher SEQUENCE', async () => {
    const before = events((await fetchFeed(feed.consultationsUrl)).body).find((e) => e.summary === 'Somewhere else')!;
    await t.ok(officer, `mutation($id: ID!) { cancelConsultation(id: $id) { status } }`, { id: ids.stafford });
    const after = events((await fetchFeed(feed.consultationsUrl)).body).find((e) => e.summary === 'Somewhere else')!;
    expect(after.status).toBe('CANCELLED');
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });

  it('serves blackout periods as a second calendar', async () => {
    const { status, body } = await fetchFeed(feed.blackoutsUrl);
    expect(status).toBe(200);
    expect(events(body).some((e) => e.summary.startsWith('Blackout: Christmas'))).toBe(true);
  });

  it('stops a revoked token at once, and refuses none or a wrong one', async () => {
    expect((await fetchFeed('https://calendar.network.example/calendar.ics')).status).toBe(401);
    expect((await fetchFeed('https://calendar.network.example/calendar.ics?token=ccf_wrong')).status).toBe(401);
    const someoneElse = await t.graphql(officer, `mutation($id: ID!) { revokeCalendarFeed(id: $id) { id } }`, { id: feed.feed.id });
    expect(someoneElse.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const revoked = await t.ok(viewer, `mutation($id: ID!) { revokeCalendarFeed(id: $id) { revokedAt } }`, { id: feed.feed.id });
    expect(revoked.revokeCalendarFeed.revokedAt).toBeTruthy();
    expect((await fetchFeed(feed.consultationsUrl)).status).toBe(401);
    expect((await fetchFeed(feed.blackoutsUrl)).status).toBe(401);
    const mine = await t.ok(viewer, `{ myCalendarFeeds { label revokedAt lastUsedAt } }`);
    expect(mine.myCalendarFeeds).toEqual([{ label: 'Outlook', revokedAt: expect.any(String), lastUsedAt: expect.any(String) }]);
  });
});

import { addDays } from '../../src/common/dates/calendar-date';
import { isoWeekOf } from '../../src/common/dates/iso-week';
import { DigestDeliveries } from '../../src/digest/digest-deliveries';
import { DigestQueue } from '../../src/digest/digest-queue';
import { DigestSender } from '../../src/digest/digest-sender';
import { eventually, SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const PREFERENCES = `mutation($input: DigestPreferencesInput!) { updateMyDigestPreferences(input: $input) { enabled allClear } }`;
const DELIVERIES = `query($weekOf: Date!) { digestDeliveries(weekOf: $weekOf) { id status attempts lastError subject member { email } } }`;

// The weekly digest end to end: two service instances with the schedule on, a real SMTP server,
// failures, retries and a crash between sending and recording.
describe('weekly digest delivery', () => {
  // Every instance's today: the Sunday the clocks went forward, in the past (the database stamps
  // what changed with its own time, which must come after it).
  const today = '2026-03-29';
  const clock = new TestClock(`${today}T12:00:00Z`);
  const week = isoWeekOf(today);
  let sink: SmtpSink;
  let database: TestDatabase;
  let first: TestApp;
  let second: TestApp;
  const people: Record<string, { id: string; apiKey: string; email: string }> = {};
  const ids: Record<string, string> = {};

  const env = () => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    PUBLIC_BASE_URL: 'https://calendar.network.example',
    DIGEST_SCHEDULE: 'true',
    DIGEST_CRON: '* * * * *', // due at every start, so each instance catches up at once
    DIGEST_RETRY_DELAY_SECONDS: '1',
  });
  const register = async (who: string, input: Record<string, unknown>) =>
    (await first.ok(people[who].apiKey, REGISTER, { input: { channels: ['ONLINE_SURVEY'], ...input } })).registerConsultation.id as string;
  const deliveries = async () =>
    (await first.ok(people.coordinator.apiKey, DELIVERIES, { weekOf: today })).digestDeliveries as {
      id: string; status: string; attempts: number; lastError: string | null; subject: string | null; member: { email: string };
    }[];
  const deliveryOf = async (who: string) => (await deliveries()).find((d) => d.member.email === people[who].email);

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await createTestDatabase();
    // The register is filled in with the schedule off, then two scheduled instances start together.
    const setup = await createTestApp({}, database, clock);
    const make = async (name: string, org: string, role: 'VIEWER' | 'OFFICER' | 'COORDINATOR') => (people[name] = await setup.member(org, role, `${name}@network.example`));
    await make('county', 'SCC', 'OFFICER');
    await make('commissioner', 'SCO', 'OFFICER');
    await make('tamworth', 'TBC', 'OFFICER');
    await make('voluntary', 'SSOT-VCS', 'VIEWER');
    await make('quiet', 'SP', 'VIEWER');
    await make('optedOut', 'SFRS', 'VIEWER');
    await make('coordinator', 'SCC', 'COORDINATOR');
    first = setup; // registering through a service with the schedule off
    ids.youth = await register('county', { title: 'Youth services review', topics: ['youth services'], audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E07000197'], startDate: addDays(today, 7), endDate: addDays(today, 20) });
    ids.police = await register('commissioner', { title: 'Police and Crime Plan survey', topics: ['community safety'], audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E10000028'], startDate: addDays(today, 10), endDate: addDays(today, 20) });
    ids.bus = await register('county', { title: 'Tamworth bus network review', audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: week.start, endDate: addDays(week.start, 20), channels: ['POSTAL_SURVEY'] });
    ids.leisure = await register('tamworth', { title: 'Tamworth leisure centres survey', audienceCodes: ['RESIDENTS'], areaCodes: ['E07000199'], startDate: week.start, endDate: addDays(week.start, 13), channels: ['DROP_IN'] });
    await setup.ok(people.quiet.apiKey, PREFERENCES, { input: { allClear: false, areaCodes: ['E06000021'] } });
    await setup.ok(people.optedOut.apiKey, PREFERENCES, { input: { enabled: false } });
    await setup.app.close();

    [first, second] = await Promise.all([createTestApp(env(), database, clock), createTestApp(env(), database, clock)]);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await second?.app.close();
    await first?.close();
    await sink?.close();
  });

  it('sends each subscribed member exactly one digest for the week, with two instances running', async () => {
    const settled = await eventually(async () => {
      const rows = await deliveries();
      expect(rows.map((d) => d.status).sort()).toEqual(['SENT', 'SENT', 'SENT', 'SENT', 'SENT', 'SKIPPED']);
      return rows;
    });
    // Nobody opted out got a row; the member with nothing to report who wanted no all-clear was skipped.
    expect(settled.find((d) => d.member.email === people.optedOut.email)).toBeUndefined();
    expect(settled.find((d) => d.member.email === people.quiet.email)).toMatchObject({ status: 'SKIPPED', lastError: expect.stringMatching(/Nothing to report/) });

    // Both instances keep running their schedule; still one message each.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const name of ['county', 'commissioner', 'tamworth', 'voluntary', 'coordinator']) expect(sink.to(people[name].email)).toHaveLength(1);
    expect(sink.to(people.quiet.email)).toHaveLength(0);
    expect(sink.to(people.optedOut.email)).toHaveLength(0);
  });

  it('counts the week by status for a coordinator, and lists only the statuses asked for', async () => {
    const { digestDeliveryCounts } = await first.ok(people.coordinator.apiKey, `query($weekOf: Date!) { digestDeliveryCounts(weekOf: $weekOf) { status count } }`, { weekOf: today });
    expect(digestDeliveryCounts).toEqual(['PENDING', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN', 'SKIPPED'].map((status) => ({ status, count: { SENT: 5, SKIPPED: 1 }[status] ?? 0 })));
    const skipped = `query($weekOf: Date!, $statuses: [DigestDeliveryStatus!]) { digestDeliveries(weekOf: $weekOf, statuses: $statuses) { status member { email } } }`;
    expect((await first.ok(people.coordinator.apiKey, skipped, { weekOf: today, statuses: ['SKIPPED', 'FAILED'] })).digestDeliveries).toEqual([{ status: 'SKIPPED', member: { email: people.quiet.email } }]);
  });

  it('tells an officer about their organisation’s new clashes, the worst first, whom to contact, in HTML and text', async () => {
    const [mail] = sink.to(people.county.email);
    // The headline: open HIGH and MEDIUM clashes, one per pair of consultations (LOW never counts).
    const [{ open }] = await first.dataSource.query(
      `SELECT count(DISTINCT (k.id, coalesce(CASE WHEN c.consultation_id = k.id THEN c.other_id ELSE c.consultation_id END, c.id)))::int AS open
         FROM conflict c JOIN consultation k ON k.id IN (c.consultation_id, c.other_id)
         JOIN organisation o ON o.id = k.organisation_id WHERE o.code = 'SCC' AND c.acknowledged_at IS NULL AND c.severity IN ('HIGH', 'MEDIUM')`,
    );
    expect(open).toBeGreaterThanOrEqual(2);
    expect(mail.subject).toMatch(new RegExp(`^Consultation digest, week ${week.week}, .*: ${open} unresolved clashes( \\(\\d+ HIGH\\))?$`));
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    const text = mail.text!;
    expect(text).toMatch(/NEW AND CHANGED CLASHES INVOLVING YOUR ORGANISATION\n\n[\s\S]*\* (HIGH|MEDIUM) overlap: Youth services review\n  New: Overlaps .* with "Police and Crime Plan survey" \(Staffordshire Commissioner's Office\)/);
    expect(text).toContain(`Contact: ${people.commissioner.email.split('@')[0]} <${people.commissioner.email}>`);
    expect(text).toContain(`https://calendar.network.example/consultations/${ids.youth}`);
    expect(mail.html).toContain(`href="https://calendar.network.example/consultations/${ids.youth}"`);
    expect(mail.html).toContain('Police and Crime Plan survey');
    expect(mail.messageId).toMatch(/@consultation-calendar>$/);
  });

  it('gives every member the network news: new plans, launches and closes, hot spots', async () => {
    const [mail] = sink.to(people.voluntary.email);
    expect(mail.subject).toMatch(/: no unresolved clashes$/);
    expect(mail.text).toContain('NEW AND CHANGED CONSULTATIONS');
    expect(mail.text).toContain('New: Staffordshire Commissioner\'s Office');
    expect(mail.text).toMatch(/Launches .*: Staffordshire County Council, .* Young people \(11–24\) in Stafford/);
    expect(mail.text).toContain('NETWORK HOT SPOTS THIS WEEK');
    expect(mail.text).toContain('* Residents in Tamworth\n  2 consultations running this week: "Tamworth bus network review", "Tamworth leisure centres survey"');
  });

  it('lets only one of several senders racing for the same delivery send it', async () => {
    people.race = await first.member('ESBC', 'OFFICER', 'race@network.example');
    const ledger = first.app.get(DigestDeliveries);
    await ledger.plan(week, people.race.id);
    const [id] = await ledger.idsToSend(week, { memberId: people.race.id });
    const outcomes = await Promise.all([first, second, first, second].map((t) => t.app.get(DigestSender).deliver(id)));
    expect(outcomes.filter((o) => o === 'SENT').length).toBeLessThanOrEqual(1); // the schedule may have won the race
    await eventually(async () => expect((await deliveryOf('race'))?.status).toBe('SENT'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sink.to(people.race.email)).toHaveLength(1);
  });

  it('retries a failing mail server with back-off, shows the failure meanwhile, and sends once', async () => {
    people.late = await first.member('LDC', 'OFFICER', 'late@network.example');
    sink.failNext(2);
    await first.app.get(DigestQueue).planAndQueue(week);
    const failed = await eventually(async () => {
      const row = await deliveryOf('late');
      expect(row).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/451|temporarily/) });
      return row!;
    });
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    const sent = await eventually(async () => {
      const row = await deliveryOf('late');
      expect(row?.status).toBe('SENT');
      return row!;
    });
    expect(sent.attempts).toBe(3);
    expect(sink.to(people.late.email)).toHaveLength(1);
  });

  it('never sends twice after a crash between sending and recording; a coordinator re-drives', async () => {
    people.crash = await first.member('CCDC', 'OFFICER', 'crash@network.example');
    const markSent = jest.spyOn(DigestDeliveries.prototype, 'markSent').mockRejectedValue(new Error('Connection terminated unexpectedly'));
    await first.app.get(DigestQueue).planAndQueue(week);
    await eventually(() => expect(sink.to(people.crash.email)).toHaveLength(1));

    // The outcome was never recorded: the row stays SENDING, and the queue does not send again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await second.app.get(DigestQueue).planAndQueue(week);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(sink.to(people.crash.email)).toHaveLength(1);
    expect((await deliveryOf('crash'))?.status).toBe('SENDING');
    markSent.mockRestore();

    // The stale-send sweep turns it UNCERTAIN, naming the Message-ID to look for.
    await first.app.get(DigestDeliveries).markStaleSendsUncertain(0);
    const uncertain = await deliveryOf('crash');
    expect(uncertain).toMatchObject({ status: 'UNCERTAIN', lastError: expect.stringContaining('@consultation-calendar>') });

    // A viewer cannot re-drive; the coordinator can, and it goes again.
    const refused = await first.graphql(people.voluntary.apiKey, `mutation($id: ID!) { redriveDigestDelivery(id: $id) { status } }`, { id: uncertain!.id });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const redriven = await first.ok(people.coordinator.apiKey, `mutation($id: ID!) { redriveDigestDelivery(id: $id) { status } }`, { id: uncertain!.id });
    expect(redriven.redriveDigestDelivery.status).toBe('PENDING');
    await eventually(async () => expect((await deliveryOf('crash'))?.status).toBe('SENT'));
    expect(sink.to(people.crash.email)).toHaveLength(2);
    const again = await first.graphql(people.coordinator.apiKey, `mutation($id: ID!) { redriveDigestDelivery(id: $id) { status } }`, { id: uncertain!.id });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  });
});

import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const CHECK = `query($input: ConsultationInput!, $advice: Boolean, $excludeId: ID) {
  checkConsultation(input: $input, advice: $advice, excludeId: $excludeId) { id kind severity adviceRule explanation overlapStart stored } }`;
const SUMMARY = `query($input: ConsultationInput!) { checkConsultationSummary(input: $input, advice: true) { total byKind { kind count } } }`;
const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const LAUNCH = `mutation($id: ID!) { launchConsultation(id: $id) { status } }`;

type Conflict = { kind: string; severity: string; adviceRule: string | null; explanation: string; overlapStart: string; stored: boolean };

// The good-practice checks (ADVICE) through a planning form's dry run, over HTTP and PostgreSQL
// with the default settings. The service's today is Monday 1 December 2025, before the February
// 2026 half term the calendar knows.
describe('good-practice checks in a plan\'s check (ADVICE)', () => {
  let t: TestApp;
  let officer: string;
  let police: string;
  let coordinator: string;
  const advised = async (input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ((await t.ok(officer, CHECK, { input, advice: true, ...extra })).checkConsultation as Conflict[]).filter((c) => c.kind === 'ADVICE');
  // Six weeks from a Monday to a Sunday in Tamworth, for older people, registered in good time.
  const good = { title: 'Older people’s day services', areaCodes: ['E07000199'], audienceCodes: ['OLDER_PEOPLE'], startDate: '2026-03-02', endDate: '2026-04-12' };

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock('2025-12-01T10:00:00Z'));
    officer = (await t.member('SCC', 'OFFICER')).apiKey;
    police = (await t.member('SP', 'OFFICER')).apiKey;
    coordinator = (await t.member('TBC', 'COORDINATOR')).apiKey;
  });
  afterAll(() => t.close());

  it('has nothing to say of a plan that follows good practice, and says nothing unless asked', async () => {
    expect(await advised(good)).toEqual([]);
    const short = { ...good, endDate: '2026-03-13' };
    expect((await advised(short)).map((c) => c.adviceRule)).toEqual(['TOO_SHORT', 'CLOSING_DAY']);
    const unasked = (await t.ok(officer, CHECK, { input: short })).checkConsultation as Conflict[];
    expect(unasked.filter((c) => c.kind === 'ADVICE')).toEqual([]);
  });

  it('advises a short statutory county-wide plan for young people, opening in half term, closing on a Friday, at short notice — without blocking it', async () => {
    const plan = { ...good, title: 'Youth transport statutory consultation', statutory: true, areaCodes: ['E10000028'], audienceCodes: ['SECONDARY_PUPILS'], startDate: '2026-02-16', endDate: '2026-03-27' };
    const rules = await advised(plan); // registered today, 77 days before it starts: notice enough
    expect(rules.map((c) => [c.adviceRule, c.severity, c.stored, c.overlapStart])).toEqual([
      ['TOO_SHORT', 'LOW', false, '2026-03-27'],
      ['CLOSING_DAY', 'LOW', false, '2026-03-27'],
      ['SCHOOL_HOLIDAY', 'LOW', false, '2026-02-16'],
    ]);
    expect(rules[0].explanation).toMatch(/^It runs 40 days, shorter than the 12 weeks the network advises for a statutory consultation: .* Source: the Code of Practice on Consultation \(2008\)/);
    expect(rules[1].explanation).toMatch(/^It closes on Friday 27 March 2026: close on a Monday or later in the week/);
    expect(rules[2].explanation).toMatch(/^It opens on 16 February 2026, in the February half term 2026 \(16–20 February 2026\), and asks children, young people or parents/);
    // Starting three weeks from today instead, in the Christmas holiday: long enough now, but at short notice.
    const sooner = await advised({ ...plan, startDate: '2025-12-22' });
    expect(sooner.map((c) => c.adviceRule)).toEqual(['CLOSING_DAY', 'SCHOOL_HOLIDAY', 'SHORT_NOTICE']);
    expect(sooner[2].explanation).toMatch(/^It starts 21 days after it is registered; the network asks for 28 days' notice of a statutory plan/);

    // Counted as a kind of its own; and, registered, the plan launches all the same.
    const { checkConsultationSummary } = await t.ok(officer, SUMMARY, { input: plan });
    expect(checkConsultationSummary.byKind).toContainEqual({ kind: 'ADVICE', count: 3 });
    const { registerConsultation } = await t.ok(officer, REGISTER, { input: plan });
    expect((await t.ok(officer, LAUNCH, { id: registerConsultation.id })).launchConsultation.status).toBe('LIVE');
  });

  it('advises a decision due too soon after the close, and leaves a statutory plan\'s length alone once a reason is recorded', async () => {
    const plan = { ...good, title: 'Library opening hours', statutory: true, decisionDate: '2026-04-20' };
    const advice = await advised(plan);
    expect(advice.map((c) => c.adviceRule)).toEqual(['TOO_SHORT', 'DECISION_TOO_SOON']);
    expect(advice[1]).toMatchObject({ severity: 'LOW', overlapStart: '2026-04-20' });
    expect(advice[1].explanation).toMatch(/^The decision is due on 20 April 2026, 8 days after it closes; the network asks for at least 28/);
    const reasoned = { ...plan, shortPeriodReason: 'The library lease ends in June: the council must decide by 20 April' };
    expect((await advised(reasoned)).map((c) => c.adviceRule)).toEqual(['DECISION_TOO_SOON']);
    // Kept on the plan, and read again when it is edited.
    const { registerConsultation } = await t.ok(officer, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id decisionDate shortPeriodReason } }`, { input: reasoned });
    expect(registerConsultation).toMatchObject({ decisionDate: '2026-04-20', shortPeriodReason: reasoned.shortPeriodReason });
    expect((await advised(reasoned, { excludeId: registerConsultation.id })).map((c) => c.adviceRule)).toEqual(['DECISION_TOO_SOON']);
    // The kept plan's own advice: its organisation and coordinators see it, another organisation does not.
    const ADVICE = `query($id: ID!) { consultation(id: $id) { advice { id kind severity adviceRule stored explanation } } }`;
    const [kept] = (await t.ok(officer, ADVICE, { id: registerConsultation.id })).consultation.advice;
    expect(kept).toMatchObject({ kind: 'ADVICE', severity: 'LOW', adviceRule: 'DECISION_TOO_SOON', stored: false, id: `check:ADVICE:${registerConsultation.id}:DECISION_TOO_SOON` });
    expect((await t.ok(coordinator, ADVICE, { id: registerConsultation.id })).consultation.advice).toEqual([kept]);
    expect((await t.ok(police, ADVICE, { id: registerConsultation.id })).consultation.advice).toEqual([]);
    // A decision before the close is refused, naming the field.
    const refused = await t.graphql(officer, CHECK, { input: { ...plan, decisionDate: '2026-04-11' }, advice: true });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'decisionDate' });
  });

  it('advises a plan running mostly over the summer holidays without extra time, and one closing before a bank holiday', async () => {
    const summer = await advised({ ...good, startDate: '2026-07-20', endDate: '2026-08-30' });
    // It also closes the day before the summer bank holiday, Monday 31 August.
    expect(summer.map((c) => c.adviceRule)).toEqual(['CLOSING_DAY', 'HOLIDAY_SEASON']);
    expect(summer[1].explanation).toMatch(/^40 of its 42 days fall in the summer holidays, when many are away: run it for at least 8 weeks/);
    // Sunday 24 May 2026, before the spring bank holiday on Monday 25 May.
    const beforeHoliday = await advised({ ...good, startDate: '2026-04-13', endDate: '2026-05-24' });
    expect(beforeHoliday.map((c) => [c.adviceRule, c.explanation.split(':')[0]])).toEqual([['CLOSING_DAY', 'It closes on 24 May 2026, the day before Spring bank holiday']]);
  });
});

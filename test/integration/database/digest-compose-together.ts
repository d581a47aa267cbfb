import { addDays } from '../../../src/common/dates/calendar-date';
import { isoWeekOf } from '../../../src/common/dates/iso-week';
import { DigestComposer } from '../../../src/digest/digest-composer';
import { DigestSender } from '../../../src/digest/digest-sender';
import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

jest.setTimeout(60_000);

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

// The queue composes a batch of members' digests together, reading what they share once: each
// must still be told what is new since their own last digest, exactly as composed alone.
describe('digests composed together', () => {
  const today = '2026-10-25';
  const week = isoWeekOf(addDays(today, 1));
  let t: TestApp;
  const people: Record<string, { id: string; apiKey: string; email: string }> = {};

  // A digest sent for the week before, now: what is registered after it is new to that member.
  const sentLastWeekNow = (who: string) =>
    t.dataSource.query(`INSERT INTO digest_delivery (member_id, week, week_start, status, email, sent_at) VALUES ($1, $2, $3, 'SENT', $4, clock_timestamp())`, [
      people[who].id, isoWeekOf(addDays(week.start, -7)).id, addDays(week.start, -7), people[who].email,
    ]);
  const register = async (who: string, input: Record<string, unknown>) => {
    await t.ok(people[who].apiKey, REGISTER, { input: { channels: ['ONLINE_SURVEY'], ...input } });
    await t.settled();
  };

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock(`${today}T12:00:00Z`));
    for (const [name, org, role] of [['county', 'SCC', 'OFFICER'], ['early', 'SCC', 'VIEWER'], ['late', 'SCC', 'VIEWER'], ['never', 'SCC', 'VIEWER'], ['police', 'SCO', 'OFFICER'], ['narrow', 'TBC', 'VIEWER']] as const) {
      people[name] = await t.member(org, role, `${name}@network.example`);
    }
    await t.ok(people.narrow.apiKey, `mutation { updateMyDigestPreferences(input: { areaCodes: ["E07000199"] }) { enabled } }`);
    await sentLastWeekNow('early');
    await register('county', { title: 'Youth services review', topics: ['youth services'], audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E07000197'], startDate: addDays(today, 7), endDate: addDays(today, 30) });
    await sentLastWeekNow('late');
    await register('police', { title: 'Police and Crime Plan survey', topics: ['community safety'], audienceCodes: ['YOUNG_PEOPLE'], areaCodes: ['E10000028'], startDate: addDays(today, 10), endDate: addDays(today, 30) });
  });
  afterAll(() => t.close());

  it('tells each member what is new since their own last digest, as composing each alone does', async () => {
    const names = ['early', 'late', 'never', 'police', 'narrow', 'county'];
    const members = await t.app.get(DigestSender).recipientsByIds(names.map((n) => people[n].id));
    const byName = (name: string) => members.find((m) => m.id === people[name].id)!;
    const composer = t.app.get(DigestComposer);
    const together = await composer.composeAll(names.map(byName), week);
    const alone = await Promise.all(names.map((name) => composer.compose(byName(name), week)));
    expect(together).toEqual(alone);

    const of = (name: string) => together[names.indexOf(name)];
    const changes = (name: string) => of(name).changes.map((c) => `${c.change} ${c.title}`);
    expect(changes('early')).toEqual(['NEW Youth services review', 'NEW Police and Crime Plan survey']);
    expect(changes('late')).toEqual(['NEW Police and Crime Plan survey']);
    expect(changes('never')).toEqual(changes('early'));
    expect(changes('narrow')).toEqual(['NEW Police and Crime Plan survey']); // Tamworth's: the county-wide plan covers it, Stafford's does not
    // The county's clash with the police plan was raised after both county members' last digests; both hear of it once.
    expect(of('early').conflicts).toHaveLength(1);
    expect(of('late').conflicts).toEqual(of('early').conflicts);
    expect(of('police').conflicts.map((c) => c.yours.title)).toEqual(['Police and Crime Plan survey']);
  });
});

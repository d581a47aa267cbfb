import { createTestApp, TestApp } from '../../support/test-app';
import { TestClock } from '../../support/test-clock';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const FATIGUE_OF = `query($id: ID!) { consultation(id: $id) { conflicts { kind severity explanation related { id } } } }`;
const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind explanation related { id } } }`;

type Key = { apiKey: string };
type Conflict = { kind: string; explanation: string; related: { id: string }[] };

// FATIGUE (more than 3 consultations in 28 days reaching the same group in the same area) counts a
// joint consultation and its partners' linked parts once: the police's survey of Lichfield's older
// people, kept as a linked part of the county's, is not a separate consultation asking them. Told
// alike for a plan kept before the two were joined (its verdict brought up to date) and for a plan
// checked after. The service's today is 15 January 2027.
describe('FATIGUE counts a joint consultation and its linked parts once', () => {
  let t: TestApp;
  let county: Key;
  let police: Key;
  let lichfield: Key;
  let fire: Key;
  const ids: Record<string, string> = {};
  const older = { areaCodes: ['E07000194'], audienceCodes: ['OLDER_PEOPLE'], channels: ['ONLINE_SURVEY'] };
  const register = async (key: Key, title: string, topic: string, startDate: string, endDate: string) =>
    (await t.ok(key.apiKey, REGISTER, { input: { ...older, title, topics: [topic], startDate, endDate } })).registerConsultation.id as string;
  const fatigueOf = async (id: string): Promise<Conflict | undefined> =>
    (await t.ok(fire.apiKey, FATIGUE_OF, { id })).consultation.conflicts.find((c: Conflict) => c.kind === 'FATIGUE');
  const libraries = { ...older, title: 'Library opening hours', topics: ['libraries'], startDate: '2027-04-12', endDate: '2027-05-02' };
  const checkedFatigue = async (): Promise<Conflict | undefined> => (await t.ok(fire.apiKey, CHECK, { input: libraries })).checkConsultation.find((c: Conflict) => c.kind === 'FATIGUE');

  beforeAll(async () => {
    t = await createTestApp({}, undefined, new TestClock('2027-01-15T09:00:00Z'));
    county = await t.member('SCC', 'OFFICER');
    police = await t.member('SP', 'OFFICER');
    lichfield = await t.member('LDC', 'OFFICER');
    fire = await t.member('SFRS', 'OFFICER');
    ids.joint = await register(county, "Older people's wellbeing survey", 'wellbeing', '2027-04-05', '2027-04-25');
    ids.part = await register(police, "Older people's feeling of safety", 'community safety', '2027-04-05', '2027-04-25');
    ids.transport = await register(lichfield, 'Community transport survey', 'transport', '2027-04-12', '2027-04-30');
    ids.falls = await register(lichfield, 'Falls prevention survey', 'falls', '2027-04-19', '2027-05-09');
    ids.fire = await register(fire, 'Home fire safety for older people', 'fire safety', '2027-04-12', '2027-05-02');
    await t.settled();
  });
  afterAll(() => t?.close());

  it('counts the two as separate consultations while they are not joined', async () => {
    const fatigue = (await fatigueOf(ids.fire))!;
    expect(fatigue.explanation).toContain('would be asked by 5 consultations within 28 days');
    expect(fatigue.related.map((r) => r.id).sort()).toEqual([ids.joint, ids.part, ids.transport, ids.falls].sort());
  });

  it('counts them once when the police survey is kept as a linked part of the county one: for a kept plan and a plan checked', async () => {
    const { requestToJoin } = await t.ok(police.apiKey, `mutation($id: ID!, $own: ID) { requestToJoin(consultationId: $id, note: "Our questions on feeling safe at home", ownConsultationId: $own) { id } }`, { id: ids.joint, own: ids.part });
    await t.ok(county.apiKey, `mutation($id: ID!) { answerJoinRequest(id: $id, accept: true) { status } }`, { id: requestToJoin.id });
    await t.settled(); // the neighbours' FATIGUE brought up to date
    const kept = (await fatigueOf(ids.fire))!;
    expect(kept.explanation).toContain('would be asked by 4 consultations within 28 days');
    // Named by the joint consultation: its linked part is not listed beside it.
    expect(kept.related.map((r) => r.id)).toEqual([ids.joint, ids.transport, ids.falls]);
    const checked = (await checkedFatigue())!;
    expect(checked.explanation).toContain('would be asked by 5 consultations within 28 days'); // the fire service's own survey is one of them
    expect(checked.related.map((r) => r.id).sort()).toEqual([ids.joint, ids.transport, ids.falls, ids.fire].sort());
  });

  it('raises no FATIGUE where only counting the linked part apart would make too many', async () => {
    await t.ok(lichfield.apiKey, `mutation($id: ID!) { cancelConsultation(id: $id) { id } }`, { id: ids.falls });
    await t.settled();
    // The fire service's survey, the joint consultation (with its part) and the transport survey: 3, not more than 3.
    expect(await fatigueOf(ids.fire)).toBeUndefined();
  });
});

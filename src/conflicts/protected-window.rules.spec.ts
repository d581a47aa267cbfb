import { DEFAULT_CLASH_RULES } from './clash-rules';
import { CandidateFacts, findConflicts, Names, PlanFacts, protectedWindow } from './conflict.rules';
import { HierarchyNode } from '../common/hierarchy/hierarchy.rules';

// PROTECTED at its boundaries: the county's residents' survey in Tamworth, 1–31 March 2027,
// protected 7 days before and 14 after (its window 22 February – 14 April 2027).
const node = (id: string, ...ancestors: string[]): HierarchyNode => ({ id, lineageIds: [id, ...ancestors] });
const AREA = { county: node('county'), tamworth: node('tamworth', 'county'), stafford: node('stafford', 'county') };
const AUDIENCE = { residents: node('residents'), young: node('young', 'residents'), business: node('business') };
const NAMES: Record<string, string> = { county: 'Staffordshire', tamworth: 'Tamworth', stafford: 'Stafford', residents: 'Residents', young: 'Young people', business: 'Businesses' };
const names: Names = { area: (id) => NAMES[id], audience: (id) => NAMES[id], isPanel: () => false, reach: (id) => (id === 'young' ? 'GROUP' : 'GENERAL'), isLocal: (id) => id !== 'county' };

const survey = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  id: 'survey',
  title: 'Residents survey 2027',
  organisationName: 'Staffordshire County Council',
  startDate: '2027-03-01',
  endDate: '2027-03-31',
  channels: ['POSTAL_SURVEY'],
  topics: [],
  areas: [AREA.tamworth],
  audiences: [AUDIENCE.residents],
  protection: { daysBefore: 7, daysAfter: 14 },
  topicScore: 0,
  sharedWords: [],
  ...over,
});
const plan = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  id: 'plan',
  title: 'Tamworth markets',
  organisationName: 'Tamworth Borough Council',
  startDate: '2027-04-14',
  endDate: '2027-05-10',
  channels: ['ONLINE_SURVEY'],
  topics: [],
  areas: [AREA.tamworth],
  audiences: [AUDIENCE.residents],
  ...over,
});
const asCandidate = (p: PlanFacts): CandidateFacts => ({ ...p, id: p.id!, topicScore: 0, sharedWords: [] });
const protectedOnes = (p: PlanFacts, candidates: CandidateFacts[]) => findConflicts(p, candidates, [], DEFAULT_CLASH_RULES, names).filter((f) => f.kind === 'PROTECTED');

describe('PROTECTED', () => {
  it('widens the protected dates by the days before and after', () => {
    expect(protectedWindow(survey())).toEqual({ start: '2027-02-22', end: '2027-04-14' });
    expect(protectedWindow(survey({ protection: null }))).toBeNull();
  });

  it.each([
    ['starting on the last day of the window (14 days after)', { startDate: '2027-04-14', endDate: '2027-05-10' }, ['2027-04-14', '2027-04-14']],
    ['starting the day after the window', { startDate: '2027-04-15', endDate: '2027-05-10' }, null],
    ['ending on the first day of the window (7 days before)', { startDate: '2027-02-01', endDate: '2027-02-22' }, ['2027-02-22', '2027-02-22']],
    ['ending the day before the window', { startDate: '2027-02-01', endDate: '2027-02-21' }, null],
  ])('a plan %s', (_label, dates, within) => {
    const found = protectedOnes(plan(dates), [survey()]);
    expect(found.map((f) => [f.overlapStart, f.overlapEnd])).toEqual(within ? [within] : []);
    if (within) expect(found[0]).toMatchObject({ severity: 'HIGH', otherId: 'survey', sharedAreaIds: ['tamworth'], sharedAudienceIds: ['residents'] });
  });

  it.each([
    ['another district', { areas: [AREA.stafford] }],
    ['another audience', { audiences: [AUDIENCE.business] }],
  ])('reaching %s in the window: nothing', (_label, over) => {
    expect(protectedOnes(plan({ startDate: '2027-04-01', ...over }), [survey()])).toEqual([]);
  });

  it('is found with the narrower of the two (young people in Tamworth), as OVERLAP shares', () => {
    const [found] = protectedOnes(plan({ audiences: [AUDIENCE.young], areas: [AREA.county] }), [survey()]);
    expect(found).toMatchObject({ sharedAreaIds: ['tamworth'], sharedAudienceIds: ['young'] });
  });

  it('says so in plain words from either side, naming the protected one and its window', () => {
    const [found] = findConflicts(plan(), [survey()], [], DEFAULT_CLASH_RULES, names, { otherSide: true }).filter((f) => f.kind === 'PROTECTED');
    expect(found.explanation).toBe(
      'Falls within the protected window of "Residents survey 2027" (Staffordshire County Council), 22 February – 14 April 2027 (its dates, 1–31 March 2027, widened by 7 days before and 14 days after), kept clear for its consultation of residents in Tamworth: move it or join it.',
    );
    expect(found.otherExplanation).toBe(
      '"Tamworth markets" (Tamworth Borough Council) runs within this consultation\'s protected window (22 February – 14 April 2027) on 14 April 2027 and asks residents in Tamworth: it should move or join this one.',
    );
  });

  it('is the same pair whichever side is judged: the protected one finds the plan in its window', () => {
    const fromPlan = protectedOnes(plan(), [survey()]);
    const fromSurvey = findConflicts(survey(), [asCandidate(plan())], [], DEFAULT_CLASH_RULES, names, { otherSide: true }).filter((f) => f.kind === 'PROTECTED');
    expect(fromSurvey).toHaveLength(1);
    expect(fromSurvey[0]).toMatchObject({ otherId: 'plan', overlapStart: fromPlan[0].overlapStart, overlapEnd: fromPlan[0].overlapEnd });
    expect(fromSurvey[0].otherExplanation).toBe(fromPlan[0].explanation);
  });

  it('keeps one clash when both are protected and each runs within the other\'s window: the one starting first protects', () => {
    const both = plan({ protection: { daysBefore: 30, daysAfter: 0 } });
    const [found] = protectedOnes(both, [survey()]);
    expect(found.explanation).toMatch(/^Falls within the protected window of "Residents survey 2027"/);
  });

  it('is left out of a FATIGUE-only judgement', () => {
    expect(findConflicts(plan(), [survey()], [], DEFAULT_CLASH_RULES, names, { kinds: ['FATIGUE'] })).toEqual([]);
  });
});

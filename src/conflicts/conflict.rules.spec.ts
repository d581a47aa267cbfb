import fc from 'fast-check';
import { addDays } from '../common/dates/calendar-date';
import { CandidateTimeline } from './candidate-timeline';
import { DEFAULT_CLASH_RULES } from './clash-rules';
import { busiestWindow, CandidateFacts, countedOnce, fatigueAmong, findConflicts, gapBetween, Names, PlanFacts } from './conflict.rules';
import { HierarchyNode, meets } from '../common/hierarchy/hierarchy.rules';
import type { AudienceReach } from '../audiences/audience.entity';

// A small Staffordshire: the county, two districts, three wards; and an audience tree with a panel.
const node = (id: string, ...ancestors: string[]): HierarchyNode => ({ id, lineageIds: [id, ...ancestors] });
const AREA = {
  county: node('county'),
  stafford: node('stafford', 'county'),
  tamworth: node('tamworth', 'county'),
  forebridge: node('forebridge', 'stafford', 'county'),
  manor: node('manor', 'stafford', 'county'),
  glascote: node('glascote', 'tamworth', 'county'),
};
const AUDIENCE = {
  residents: node('residents'),
  young: node('young', 'residents'),
  pupils: node('pupils', 'young', 'residents'),
  panel: node('panel', 'residents'),
  business: node('business'),
};
const NAMES: Record<string, string> = {
  county: 'Staffordshire', stafford: 'Stafford', tamworth: 'Tamworth', forebridge: 'Forebridge', manor: 'Manor', glascote: 'Glascote',
  residents: 'Residents', young: 'Young people', pupils: 'Secondary school pupils', panel: "Citizens' Panel", business: 'Businesses',
};
const REACH: Record<string, AudienceReach> = { residents: 'GENERAL', young: 'GROUP', pupils: 'GROUP', panel: 'ALL_ASKED', business: 'GENERAL' };
const names: Names = {
  area: (id) => NAMES[id],
  audience: (id) => NAMES[id],
  isPanel: (id) => id === 'panel',
  reach: (id) => REACH[id],
  isLocal: (id) => id !== 'county',
};

const plan = (over: Partial<PlanFacts> = {}): PlanFacts => ({
  id: 'plan',
  title: 'Youth services review',
  organisationName: 'Staffordshire County Council',
  startDate: '2027-02-01',
  endDate: '2027-02-21',
  channels: ['ONLINE_SURVEY'],
  topics: ['youth services'],
  areas: [AREA.stafford],
  audiences: [AUDIENCE.young],
  ...over,
});
let n = 0;
const other = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  ...plan({ id: `other${++n}`, title: 'Police and Crime Plan survey', organisationName: "Staffordshire Commissioner's Office", channels: ['FOCUS_GROUP'], topics: ['community safety'] }),
  topicScore: 0,
  sharedWords: [],
  ...over,
} as CandidateFacts);

const check = (p: PlanFacts, candidates: CandidateFacts[], rules = DEFAULT_CLASH_RULES) => findConflicts(p, candidates, [], rules, names);
const kinds = (p: PlanFacts, candidates: CandidateFacts[]) => check(p, candidates).map((f) => `${f.kind}:${f.severity}`);

describe('OVERLAP', () => {
  it.each([
    ['the same dates', {}, ['OVERLAP:MEDIUM']],
    ['windows touching on one day', { startDate: '2027-02-21', endDate: '2027-03-10' }, ['OVERLAP:MEDIUM']],
    ['next day start (0 clear days)', { startDate: '2027-02-22', endDate: '2027-03-10' }, ['OVERLAP:LOW']],
    ['14 clear days apart: the gap boundary', { startDate: '2027-03-08', endDate: '2027-03-20' }, ['OVERLAP:LOW']],
    ['15 clear days apart: beyond the gap', { startDate: '2027-03-09', endDate: '2027-03-20' }, []],
    ['before the plan, within the gap', { startDate: '2027-01-01', endDate: '2027-01-25' }, ['OVERLAP:LOW']],
  ])('%s', (_label, dates, expected) => {
    expect(kinds(plan(), [other(dates)])).toEqual(expected);
  });

  it.each([
    ['a ward inside the district', { areas: [AREA.forebridge] }, ['forebridge']],
    ['the county around the district', { areas: [AREA.county] }, ['stafford']],
    ['a composite covering a Stafford ward and a Tamworth ward', { areas: [AREA.manor, AREA.glascote] }, ['manor']],
  ])('shares territory with %s and names the finer area', (_label, over, shared) => {
    const [finding] = check(plan(), [other(over)]);
    expect(finding.sharedAreaIds).toEqual(shared);
  });

  it('ignores another district and sibling wards', () => {
    expect(check(plan(), [other({ areas: [AREA.tamworth] })])).toEqual([]);
    expect(check(plan({ areas: [AREA.forebridge] }), [other({ areas: [AREA.manor] })])).toEqual([]);
  });

  it('meets audiences through the hierarchy, never across it', () => {
    expect(check(plan(), [other({ audiences: [AUDIENCE.residents] })])[0].sharedAudienceIds).toEqual(['young']);
    expect(check(plan(), [other({ audiences: [AUDIENCE.pupils] })])[0].sharedAudienceIds).toEqual(['pupils']);
    expect(check(plan(), [other({ audiences: [AUDIENCE.business] })])).toEqual([]);
    expect(check(plan(), [other({ audiences: [AUDIENCE.panel] })])).toEqual([]);
  });

  // Severity by who is really asked twice: the plan asks young people in Stafford online.
  it.each([
    ['a GROUP, both online', {}, { channels: ['ONLINE_SURVEY'] }, 'MEDIUM'],
    ['a GROUP, one met in person', {}, {}, 'MEDIUM'],
    ['a GROUP, both met in person in the district', { channels: ['DROP_IN'] }, {}, 'HIGH'],
    ['a GROUP met in person, one of them county-wide', { channels: ['DROP_IN'] }, { areas: [AREA.county] }, 'MEDIUM'],
    ['a GROUP met in person, a ward within the district', { channels: ['DROP_IN'], areas: [AREA.forebridge] }, {}, 'HIGH'],
    ['the same panel, by different channels', { audiences: [AUDIENCE.panel] }, { audiences: [AUDIENCE.panel], channels: ['ONLINE_SURVEY'] }, 'HIGH'],
    ['the same panel, county-wide', { audiences: [AUDIENCE.panel], areas: [AREA.county] }, { audiences: [AUDIENCE.panel], areas: [AREA.county] }, 'HIGH'],
    ['a panel and residents at large: not the panel asked twice', { audiences: [AUDIENCE.panel] }, { audiences: [AUDIENCE.residents] }, 'LOW'],
    ['residents and young people: the broader one is the public at large', { audiences: [AUDIENCE.residents] }, {}, 'LOW'],
    ['residents, both online', { audiences: [AUDIENCE.residents] }, { audiences: [AUDIENCE.residents], channels: ['ONLINE_SURVEY'] }, 'LOW'],
    ['residents, the same drop-ins in the district', { audiences: [AUDIENCE.residents], channels: ['DROP_IN'] }, { audiences: [AUDIENCE.residents], channels: ['DROP_IN'] }, 'MEDIUM'],
    ['residents, different personal channels', { audiences: [AUDIENCE.residents], channels: ['DROP_IN'] }, { audiences: [AUDIENCE.residents] }, 'LOW'],
    ['residents, the same drop-ins, one county-wide', { audiences: [AUDIENCE.residents], channels: ['DROP_IN'] }, { audiences: [AUDIENCE.residents], channels: ['DROP_IN'], areas: [AREA.county] }, 'LOW'],
  ])('grades an overlap on %s', (_label, planOver, otherOver, severity) => {
    expect(check(plan(planOver as Partial<PlanFacts>), [other(otherOver as Partial<CandidateFacts>)]).map((f) => `${f.kind}:${f.severity}`)).toEqual([`OVERLAP:${severity}`]);
  });

  it('never sharpens an overlap for a shared broadcast channel or shared wording below the threshold', () => {
    expect(kinds(plan({ channels: ['ONLINE_SURVEY', 'SOCIAL_MEDIA'] }), [other({ channels: ['ONLINE_SURVEY', 'SOCIAL_MEDIA'], topicScore: DEFAULT_CLASH_RULES.similarityThreshold - 0.1 })])).toEqual(['OVERLAP:MEDIUM']);
  });

  it('is MEDIUM for a near miss on the same panel, LOW for other people', () => {
    const later = { startDate: '2027-03-01', endDate: '2027-03-10' };
    expect(kinds(plan({ audiences: [AUDIENCE.panel] }), [other({ audiences: [AUDIENCE.panel], ...later })])).toEqual(['OVERLAP:MEDIUM']);
    expect(kinds(plan({ channels: ['DROP_IN'] }), [other(later)])).toEqual(['OVERLAP:LOW']);
  });

  it('says why a HIGH is HIGH', () => {
    const [panel] = check(plan({ audiences: [AUDIENCE.panel] }), [other({ audiences: [AUDIENCE.panel] })]);
    expect(panel.explanation).toBe(
      `Overlaps 1–21 February 2027 with "Police and Crime Plan survey" (Staffordshire Commissioner's Office): both ask Citizens' Panel in Stafford. Both contact every member of Citizens' Panel: the same people asked twice at once.`,
    );
    const [inPerson] = check(plan({ channels: ['DROP_IN'] }), [other()]);
    expect(inPerson.explanation).toContain('Both meet them in person in the same district or smaller: likely the same people, twice.');
    const [sameChannel] = check(plan({ audiences: [AUDIENCE.residents], channels: ['DROP_IN'] }), [other({ audiences: [AUDIENCE.residents], channels: ['DROP_IN'] })]);
    expect(sameChannel.explanation).toContain('Both meet people in person by the same channel (drop in) in the same district or smaller.');
  });

  it('explains itself with names, dates and what is shared, and says when only the public at large is shared', () => {
    const [finding] = check(plan({ audiences: [AUDIENCE.residents] }), [other({ audiences: [AUDIENCE.residents], startDate: '2027-02-10', endDate: '2027-03-10', channels: ['ONLINE_SURVEY'] })]);
    expect(finding.explanation).toBe(
      `Overlaps 10–21 February 2027 with "Police and Crime Plan survey" (Staffordshire Commissioner's Office): both ask residents in Stafford. Only the public at large is shared, by online survey: few people will be asked by both.`,
    );
    expect(finding.otherExplanation).toContain(`with "Youth services review" (Staffordshire County Council)`);
  });

  it('describes a near miss by its clear days', () => {
    const [finding] = check(plan(), [other({ startDate: '2027-02-27', endDate: '2027-03-10' })]);
    expect(finding.explanation).toBe(`Runs within 5 days of "Police and Crime Plan survey" (Staffordshire Commissioner's Office), which also asks young people in Stafford.`);
  });

  it('describes windows with no day between them as back to back, not "within 0 days"', () => {
    const findings = check(plan(), [other({ startDate: '2027-02-22', endDate: '2027-03-10', topics: ['youth services'] })]);
    expect(findings.map((f) => f.explanation)).toEqual([
      `"Police and Crime Plan survey" (Staffordshire Commissioner's Office) is also about youth services and asks young people in Stafford back to back with this one: consider reusing its findings.`,
      `Runs back to back with "Police and Crime Plan survey" (Staffordshire Commissioner's Office), which also asks young people in Stafford.`,
    ]);
  });

  it('counts calendar days across the October clock change', () => {
    // 25 October 2026 is 25 hours long; the gap is still 14 clear days.
    const autumn = plan({ startDate: '2026-10-01', endDate: '2026-10-17' });
    expect(gapBetween(autumn, { startDate: '2026-11-01', endDate: '2026-11-02' })).toBe(14);
    expect(kinds(autumn, [other({ startDate: '2026-11-01', endDate: '2026-11-20' })])).toEqual(['OVERLAP:LOW']);
    expect(kinds(autumn, [other({ startDate: '2026-11-02', endDate: '2026-11-20' })])).toEqual([]);
  });
});

describe('DUPLICATE', () => {
  it.each([
    ['a shared topic, overlapping', { topics: ['youth services'] }, ['DUPLICATE:HIGH', 'OVERLAP:MEDIUM']],
    ['similar wording, overlapping', { topicScore: DEFAULT_CLASH_RULES.similarityThreshold }, ['DUPLICATE:HIGH', 'OVERLAP:MEDIUM']],
    ['similar wording, months apart', { topicScore: DEFAULT_CLASH_RULES.similarityThreshold + 1, startDate: '2027-09-01', endDate: '2027-09-30' }, ['DUPLICATE:MEDIUM']],
    ['a shared topic, just within the look-around', { topics: ['youth services'], startDate: '2028-02-22', endDate: '2028-03-01' }, ['DUPLICATE:MEDIUM']],
    ['a shared topic, beyond the look-around', { topics: ['youth services'], startDate: '2028-02-23', endDate: '2028-03-01' }, []],
    ['wording too little alike, months apart', { topicScore: DEFAULT_CLASH_RULES.similarityThreshold - 1, startDate: '2027-09-01', endDate: '2027-09-30' }, []],
  ])('%s', (_label, over, expected) => {
    expect(kinds(plan(), [other(over)])).toEqual(expected);
  });

  it('names the words two plans share when only their wording is alike, and asks them to join while they overlap', () => {
    const wording = plan({ title: 'Bus network review', summary: 'Which bus routes do you rely on?' });
    const [finding] = check(wording, [other({ topicScore: 20, sharedWords: ['bus', 'rout'] })]);
    expect(finding.explanation).toBe(
      `"Police and Crime Plan survey" (Staffordshire Commissioner's Office) is on a similar topic (both write of "bus" and "routes") and asks young people in Stafford at the same time (1–21 February 2027): join it or agree who asks what.`,
    );
  });

  // Plan: 1–21 February 2027. Beyond the look-around only an earlier one's findings make a DUPLICATE, and only a LOW hint.
  it.each([
    ['an earlier one with findings, 23 months before', { topics: ['youth services'], startDate: '2025-02-01', endDate: '2025-03-01', findingsRecorded: true }, ['DUPLICATE:LOW']],
    ['an earlier one with findings, closed 24 months to the day before', { topics: ['youth services'], startDate: '2025-01-01', endDate: '2025-02-01', findingsRecorded: true }, ['DUPLICATE:LOW']],
    ['an earlier one with findings, closed a day more than 24 months before', { topics: ['youth services'], startDate: '2025-01-01', endDate: '2025-01-31', findingsRecorded: true }, []],
    ['an earlier one without findings', { topics: ['youth services'], startDate: '2025-02-01', endDate: '2025-03-01' }, []],
    ['an earlier one with findings on another topic', { topics: ['libraries'], startDate: '2025-02-01', endDate: '2025-03-01', findingsRecorded: true }, []],
    ['a later one, with findings of its own', { topics: ['youth services'], startDate: '2028-06-01', endDate: '2028-06-30', findingsRecorded: true }, []],
    ['with findings, within the look-around: as before', { topics: ['youth services'], startDate: '2026-06-01', endDate: '2026-06-30', findingsRecorded: true }, ['DUPLICATE:MEDIUM']],
  ])('%s', (_label, over, expected) => {
    expect(kinds(plan(), [other(over)])).toEqual(expected);
  });

  it('finds a later plan that may reuse its findings from the side of the one with findings, told from both sides', () => {
    const [finding] = findConflicts(plan({ findingsRecorded: true }), [other({ topics: ['youth services'], startDate: '2028-06-01', endDate: '2028-06-30' })], [], DEFAULT_CLASH_RULES, names);
    expect(finding).toMatchObject({ kind: 'DUPLICATE', severity: 'LOW' });
    expect(finding.explanation).toBe(
      `"Police and Crime Plan survey" (Staffordshire Commissioner's Office) is also about youth services and will ask young people in Stafford 465 days after this one: it can reuse this one's findings.`,
    );
    expect(finding.otherExplanation).toBe(
      `"Youth services review" (Staffordshire County Council) is also about youth services and closed 465 days before this one starts: reuse its findings before asking the same people again.`,
    );
  });

  it('names the shared topic', () => {
    const [finding] = check(plan(), [other({ topics: ['youth services'], startDate: '2027-06-01', endDate: '2027-06-30' })]);
    expect(finding.explanation).toBe(
      `"Police and Crime Plan survey" (Staffordshire Commissioner's Office) is also about youth services and asks young people in Stafford 99 days apart: consider reusing its findings.`,
    );
  });
});

describe('FATIGUE', () => {
  const spread = (starts: string[]) => starts.map((s) => other({ startDate: s, endDate: s, topics: [], channels: [] }));

  it('is raised when more than 3 reach the same people within 28 days, naming the others', () => {
    const findings = check(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), spread(['2027-01-10', '2027-01-20', '2027-01-29']));
    const fatigue = findings.find((f) => f.kind === 'FATIGUE')!;
    expect(fatigue.relatedIds).toHaveLength(3);
    expect(fatigue.explanation).toMatch(/^Young people in Stafford would be asked by 4 consultations within 28 days/);
  });

  it('names the first four others by start date and counts the rest, while relating them all', () => {
    const starts = ['2027-01-29', '2027-01-10', '2027-01-20', '2027-01-12', '2027-01-25', '2027-01-15', '2027-01-27'];
    const others = spread(starts).map((o, i) => ({ ...o, title: `Survey ${starts[i]}` }));
    const fatigue = check(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), others).find((f) => f.kind === 'FATIGUE')!;
    expect(fatigue.relatedIds).toHaveLength(7);
    expect(fatigue.explanation).toMatch(
      /by 8 consultations .*: this one and "Survey 2027-01-10" \([^)]+\), "Survey 2027-01-12" \([^)]+\), "Survey 2027-01-15" \([^)]+\), "Survey 2027-01-20" \([^)]+\) and 3 more\.$/,
    );
  });

  it('is the same when only FATIGUE is asked for, as a neighbour\'s refresh asks, without the pairs', () => {
    const tired = plan({ startDate: '2027-02-01', endDate: '2027-02-01' });
    const others = spread(['2027-01-10', '2027-01-20', '2027-01-29', '2027-02-01']);
    const all = findConflicts(tired, others, [], DEFAULT_CLASH_RULES, names);
    expect(all.map((f) => f.kind).sort()).toEqual(['FATIGUE', 'OVERLAP', 'OVERLAP', 'OVERLAP']);
    expect(findConflicts(tired, others, [], DEFAULT_CLASH_RULES, names, { kinds: ['FATIGUE'] })).toEqual(all.filter((f) => f.kind === 'FATIGUE'));
  });

  it('is the same among the candidates known to reach the plan (fatigueAmong, a neighbour\'s refresh), itself among them', () => {
    const day = (n: number) => addDays('2027-01-01', n);
    const areas = fc.subarray(Object.values(AREA), { minLength: 1, maxLength: 3 });
    const audiences = fc.subarray(Object.values(AUDIENCE), { minLength: 1, maxLength: 2 });
    const window = fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 20 }), areas, audiences });
    const facts = (w: { start: number; length: number; areas: HierarchyNode[]; audiences: HierarchyNode[] }) => ({ startDate: day(w.start), endDate: day(w.start + w.length), areas: w.areas, audiences: w.audiences });
    fc.assert(
      fc.property(window, fc.array(window, { maxLength: 25 }), (p, others) => {
        const subject = plan(facts(p));
        const candidates = [other({ ...subject }), ...others.map((w, i) => other({ id: `c${i}`, title: `Survey ${i}`, ...facts(w) }))];
        const reaching = candidates.filter((c) => meets(subject.areas, c.areas) && meets(subject.audiences, c.audiences));
        const [expected = null] = findConflicts(subject, candidates, [], DEFAULT_CLASH_RULES, names, { kinds: ['FATIGUE'] });
        expect(fatigueAmong(subject, reaching, DEFAULT_CLASH_RULES, names)).toEqual(expected);
      }),
    );
  });

  it('is not raised at exactly 3, nor when the fourth falls outside every 28-day window', () => {
    expect(check(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), spread(['2027-01-20', '2027-01-29'])).some((f) => f.kind === 'FATIGUE')).toBe(false);
    // 5 January to 1 February is 28 days inclusive; 4 January is one day too early.
    expect(busiestWindow(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), spread(['2027-01-05']), 28)!.count).toBe(1);
    expect(busiestWindow(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), spread(['2027-01-04']), 28)!.count).toBe(0);
  });

  it('finds the busiest window that holds part of the plan, as trying every day would', () => {
    const day = (n: number) => addDays('2027-01-01', n);
    const window = fc.record({ start: fc.integer({ min: 0, max: 120 }), length: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(window, fc.array(window, { maxLength: 30 }), fc.integer({ min: 1, max: 35 }), (p, others, windowDays) => {
        const subject = plan({ startDate: day(p.start), endDate: day(p.start + p.length) });
        const candidates = others.map((o, i) => other({ id: `c${i}`, startDate: day(o.start), endDate: day(o.start + o.length) }));
        let most = 0;
        for (let first = p.start - windowDays + 1; first <= p.start + p.length; first++) {
          most = Math.max(most, candidates.filter((c) => c.startDate <= day(first + windowDays - 1) && c.endDate >= day(first)).length);
        }
        const found = busiestWindow(subject, candidates, windowDays)!;
        expect(found.count).toBe(most);
        expect(found.start <= subject.endDate && found.end >= subject.startDate).toBe(true);
      }),
    );
  });

  it('counts a joint consultation and its linked parts once in each window, as counting joints day by day would', () => {
    const day = (n: number) => addDays('2027-01-01', n);
    // Up to three joint consultations (j0–j2); a candidate is one of them, a linked part of one, or neither.
    const window = fc.record({ start: fc.integer({ min: 0, max: 120 }), length: fc.integer({ min: 0, max: 40 }), joint: fc.integer({ min: -1, max: 5 }) });
    fc.assert(
      fc.property(window, fc.array(window, { maxLength: 30 }), fc.integer({ min: 1, max: 35 }), (p, others, windowDays) => {
        const subject = plan({ startDate: day(p.start), endDate: day(p.start + p.length) });
        const candidates = others.map((o, i) => {
          const [id, jointId] = o.joint < 0 ? [`c${i}`, null] : o.joint < 3 && !others.slice(0, i).some((x) => x.joint === o.joint) ? [`j${o.joint}`, null] : [`c${i}`, `j${o.joint % 3}`];
          return other({ id, jointId, startDate: day(o.start), endDate: day(o.start + o.length) });
        });
        let most = 0;
        for (let first = p.start - windowDays + 1; first <= p.start + p.length; first++) {
          const inWindow = candidates.filter((c) => c.startDate <= day(first + windowDays - 1) && c.endDate >= day(first));
          most = Math.max(most, new Set(inWindow.map((c) => c.jointId ?? c.id)).size);
        }
        expect(busiestWindow(subject, countedOnce(candidates, windowDays), windowDays)!.count).toBe(most);
      }),
    );
  });

  it('raises no FATIGUE where a joint consultation and its linked part would only be too many apart, and names the joint one', () => {
    const tired = plan({ startDate: '2027-02-01', endDate: '2027-02-01' });
    const [joint, part, third] = spread(['2027-01-20', '2027-01-25', '2027-01-29']);
    expect(check(tired, [joint, part, third]).some((f) => f.kind === 'FATIGUE')).toBe(true);
    expect(check(tired, [joint, { ...part, jointId: joint.id }, third]).some((f) => f.kind === 'FATIGUE')).toBe(false);
    const fourth = spread(['2027-01-30'])[0];
    const fatigue = check(tired, [{ ...part, jointId: joint.id }, joint, third, fourth]).find((f) => f.kind === 'FATIGUE')!;
    expect(fatigue.relatedIds).toEqual([joint.id, third.id, fourth.id]);
    expect(fatigue.explanation).toContain('by 4 consultations');
  });

  it('ignores consultations reaching other people', () => {
    const others = spread(['2027-01-20', '2027-01-25', '2027-01-29']).map((o) => ({ ...o, audiences: [AUDIENCE.business] }));
    expect(check(plan({ startDate: '2027-02-01', endDate: '2027-02-01' }), others)).toEqual([]);
  });
});

describe('BLACKOUT', () => {
  const blackout = { id: 'b1', name: 'Pre-election period: Stafford', startDate: '2027-02-15', endDate: '2027-05-06', severity: 'HIGH' as const };

  it.each([
    ['for the area', { areas: [AREA.stafford], audiences: [] }, ['BLACKOUT:HIGH']],
    ['for the county around it', { areas: [AREA.county], audiences: [] }, ['BLACKOUT:HIGH']],
    ['for another district', { areas: [AREA.tamworth], audiences: [] }, []],
    ['for a parent audience everywhere', { areas: [], audiences: [AUDIENCE.residents] }, ['BLACKOUT:HIGH']],
    ['for another audience', { areas: [], audiences: [AUDIENCE.business] }, []],
  ])('applies %s', (_label, scope, expected) => {
    expect(findConflicts(plan(), [], [{ ...blackout, ...scope }], DEFAULT_CLASH_RULES, names).map((f) => `${f.kind}:${f.severity}`)).toEqual(expected);
  });

  it('does not apply to a window that ends the day before', () => {
    expect(findConflicts(plan({ endDate: '2027-02-14' }), [], [{ ...blackout, areas: [], audiences: [] }], DEFAULT_CLASH_RULES, names)).toEqual([]);
  });

  it('explains the days affected', () => {
    const [finding] = findConflicts(plan(), [], [{ ...blackout, areas: [AREA.stafford], audiences: [] }], DEFAULT_CLASH_RULES, names);
    expect(finding.explanation).toBe('Runs during the blackout period "Pre-election period: Stafford" on 15–21 February 2027 for everyone in Stafford.');
  });
});

describe('ordering', () => {
  it('orders by severity, then start date, the same way every time', () => {
    const candidates = [
      other({ id: 'late-low', startDate: '2027-03-01', endDate: '2027-03-02' }),
      other({ id: 'high', audiences: [AUDIENCE.panel], startDate: '2027-02-10', endDate: '2027-02-12' }),
      other({ id: 'early-medium', startDate: '2027-02-02', endDate: '2027-02-03' }),
      other({ id: 'later-medium', startDate: '2027-02-05', endDate: '2027-02-06' }),
    ];
    const asking = plan({ audiences: [AUDIENCE.young, AUDIENCE.panel] });
    const ids = check(asking, candidates).filter((f) => f.kind === 'OVERLAP').map((f) => f.otherId);
    expect(ids).toEqual(['high', 'early-medium', 'later-medium', 'late-low']);
    expect(check(asking, [...candidates].reverse())).toEqual(check(asking, candidates));
  });
});

describe('suggested windows (CandidateTimeline)', () => {
  // suggestWindows loads two years of candidates and judges every start date with those that
  // can clash with it: the findings must be those that all the candidates give.
  const day = (n: number) => addDays('2027-01-01', n);
  const areas = Object.values(AREA);
  const audiences = Object.values(AUDIENCE);
  const candidate = fc.record({
    start: fc.integer({ min: 0, max: 900 }),
    length: fc.integer({ min: 0, max: 90 }),
    area: fc.nat(),
    audience: fc.nat(),
    topic: fc.boolean(),
    topicScore: fc.constantFrom(0, 5, DEFAULT_CLASH_RULES.similarityThreshold, 30),
    channel: fc.boolean(),
  });

  it('judges each start with the candidates within reach as with all of them, and alike unexplained', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 40 }), fc.integer({ min: 0, max: 730 }), fc.integer({ min: 0, max: 60 }), (drawn, start, length) => {
        const candidates = drawn.map((c, i) =>
          other({
            id: `c${i}`,
            startDate: day(c.start),
            endDate: day(c.start + c.length),
            areas: [areas[c.area % areas.length]],
            audiences: [audiences[c.audience % audiences.length]],
            topics: c.topic ? ['youth services'] : [],
            channels: c.channel ? ['ONLINE_SURVEY'] : ['FOCUS_GROUP'],
            topicScore: c.topicScore,
          }),
        );
        const dates = { startDate: day(start), endDate: day(start + length) };
        const facts = { plan: plan(dates), candidates, blackouts: [], names };
        const near = new CandidateTimeline(facts, DEFAULT_CLASH_RULES).factsFor(dates).candidates;
        const explained = check(plan(dates), candidates);
        expect(check(plan(dates), near)).toEqual(explained);
        // Judged by severity alone, the same findings without their sentences.
        const unexplained = findConflicts(plan(dates), near, [], DEFAULT_CLASH_RULES, names, { explain: false });
        expect(unexplained).toEqual(explained.map((f) => ({ ...f, explanation: '', otherExplanation: f.otherExplanation === null ? null : '' })));
      }),
      { numRuns: 500 },
    );
  });
});

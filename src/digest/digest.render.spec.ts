import { parseIsoWeek } from '../common/dates/iso-week';
import { DigestContent, milestonesOf } from './digest.content';
import { renderDigest } from './digest.render';

const week = parseIsoWeek('2027-W05')!;
const youth = {
  id: 'c1',
  title: 'Youth services review',
  organisation: 'Staffordshire County Council',
  startDate: '2027-02-01',
  endDate: '2027-02-21',
  areas: ['Stafford'],
  audiences: ['Young people (11–24)'],
};

function content(over: Partial<DigestContent> = {}): DigestContent {
  return {
    week,
    member: { id: 'm1', name: 'Priya Shah', email: 'priya@staffordshire.example', organisation: 'Staffordshire County Council', narrowed: false },
    changes: [],
    moreChanges: 0,
    conflicts: [],
    milestones: [],
    moreMilestones: 0,
    hotSpots: [],
    ...over,
    conflictTotal: over.conflictTotal ?? over.conflicts?.length ?? 0,
  };
}

const HIGH_CLASH = {
  id: 'k1',
  kind: 'OVERLAP' as const,
  severity: 'HIGH' as const,
  explanation: 'Overlaps 10–21 February 2027 with "Police and Crime Plan survey" (Staffordshire Commissioner\'s Office): both ask young people in Stafford.',
  yours: { id: 'c1', title: 'Youth services review' },
  other: { id: 'c2', title: 'Police and Crime Plan survey', organisation: "Staffordshire Commissioner's Office", contact: { name: 'Sam Lee', email: 'sam@sco.example' } },
};

describe('renderDigest', () => {
  it('names the week and the count of conflicts in the subject', () => {
    const medium = { ...HIGH_CLASH, id: 'k2', severity: 'MEDIUM' as const };
    expect(renderDigest(content({ conflicts: [HIGH_CLASH, medium] }), 'https://cc.example').subject).toBe(
      'Consultation digest, week 5, 1–7 February 2027: 2 unresolved conflicts (1 HIGH)',
    );
    expect(renderDigest(content({ changes: [{ ...youth, change: 'NEW' }] }), 'https://cc.example').subject).toMatch(/: no unresolved conflicts$/);
    expect(renderDigest(content(), 'https://cc.example').subject).toMatch(/: all clear$/);
  });

  it('puts the same facts in the text and HTML parts: explanation, whom to contact, a link', () => {
    const digest = renderDigest(content({ conflicts: [HIGH_CLASH] }), 'https://cc.example');
    for (const part of [digest.text, digest.html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')]) {
      expect(part).toContain(HIGH_CLASH.explanation);
      expect(part).toContain('Contact: Sam Lee <sam@sco.example> (Staffordshire Commissioner\'s Office)');
      expect(part).toContain('https://cc.example/consultations/c1');
      expect(part).toContain('updateMyDigestPreferences');
      expect(part).toContain('https://cc.example/#/digest'); // the planner's digest page
    }
  });

  it('names each conflict\'s severity once: a coloured badge in HTML, a word in text', () => {
    const digest = renderDigest(content({ conflicts: [HIGH_CLASH] }), 'https://cc.example');
    const shown = digest.html.replace(/<title>.*<\/title>/, '').replace(/<[^>]+>/g, '');
    expect(shown).toContain('HIGH overlap: Youth services review');
    expect(shown.match(/HIGH/g)).toHaveLength(1);
    expect(digest.text).toContain('* HIGH overlap: Youth services review');
  });

  it('leaves empty sections out and orders the rest: conflicts, changes, launches, hot spots', () => {
    const digest = renderDigest(
      content({
        changes: [{ ...youth, change: 'NEW' }],
        hotSpots: [{ area: 'Tamworth', audience: 'Residents', count: 3, titles: ['A', 'B', 'C'] }],
      }),
      'https://cc.example',
    );
    expect(digest.items.map((i) => i.section)).toEqual(['CHANGE', 'HOT_SPOT']);
    expect(digest.text).not.toContain('UNRESOLVED CONFLICTS');
    expect(digest.text.indexOf('NEW AND CHANGED')).toBeLessThan(digest.text.indexOf('NETWORK HOT SPOTS'));
    expect(digest.text).toContain('New: Staffordshire County Council, 1–21 February 2027, Young people (11–24) in Stafford');
    expect(digest.text).toContain('3 consultations running this week: "A", "B", "C"');
  });

  it('builds Outlook-safe HTML: layout tables, inline styles, no style sheet, everything escaped', () => {
    const hostile = { ...youth, title: '<script>alert("x")</script> & more', change: 'NEW' as const };
    const { html } = renderDigest(content({ changes: [hostile] }), 'https://cc.example');
    expect(html).toContain('<table role="presentation"');
    expect(html).not.toMatch(/<style|class=|<div/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
  });

  it('says all clear, briefly, when there is nothing for the member', () => {
    const digest = renderDigest(content(), 'https://cc.example');
    expect(digest.allClear).toBe(true);
    expect(digest.items).toEqual([]);
    expect(digest.text).toContain('All clear: nothing new touches your areas and audiences');
  });

  it('says how many were left out of a long list, and counts every conflict in the subject', () => {
    const digest = renderDigest(
      content({ changes: [{ ...youth, change: 'UPDATED' }], moreChanges: 12, conflicts: [HIGH_CLASH], conflictTotal: 31, milestones: [], moreMilestones: 0 }),
      'https://cc.example',
    );
    expect(digest.text).toContain('…and 12 more changes');
    expect(digest.text).toContain('…and 30 more: see them all on the Clashes page, https://cc.example/#/clashes');
    expect(digest.subject).toMatch(/: 31 unresolved conflicts \(1\+ HIGH\)$/);
    expect(digest.conflictCount).toBe(31);
  });
});

describe('milestonesOf', () => {
  it('lists launches and closes inside the window in date order, launches first on a shared day', () => {
    const other = { ...youth, id: 'c2', title: 'Bus review', startDate: '2027-02-21', endDate: '2027-03-30' };
    const events = milestonesOf([youth, other], '2027-02-01', '2027-02-28');
    expect(events.map((e) => `${e.on} ${e.event} ${e.title}`)).toEqual([
      '2027-02-01 LAUNCHES Youth services review',
      '2027-02-21 LAUNCHES Bus review',
      '2027-02-21 CLOSES Youth services review',
    ]);
  });
});

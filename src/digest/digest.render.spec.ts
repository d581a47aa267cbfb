import { parseIsoWeek } from '../common/dates/iso-week';
import { clashesOf, DigestConflictRow, DigestContent, milestonesOf } from './digest.content';
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
    responsesDue: [],
    joinRequests: [],
    reviews: [],
    ...over,
    openClashes: over.openClashes ?? {
      high: over.conflicts?.filter((c) => c.severity === 'HIGH').length ?? 0,
      medium: over.conflicts?.filter((c) => c.severity === 'MEDIUM').length ?? 0,
    },
  };
}

const EXPLANATION = 'Overlaps 10–21 February 2027 with "Police and Crime Plan survey" (Staffordshire Commissioner\'s Office): both ask young people in Stafford.';
const HIGH_CLASH = {
  ids: ['k1'],
  kinds: ['OVERLAP' as const],
  severity: 'HIGH' as const,
  change: 'NEW' as const,
  explanations: [EXPLANATION],
  yours: { id: 'c1', title: 'Youth services review' },
  other: { id: 'c2', title: 'Police and Crime Plan survey', organisation: "Staffordshire Commissioner's Office", contact: { name: 'Sam Lee', email: 'sam@sco.example' } },
};

describe('renderDigest', () => {
  it('names the week and the count of open HIGH and MEDIUM clashes in the subject', () => {
    const medium = { ...HIGH_CLASH, ids: ['k2'], severity: 'MEDIUM' as const };
    expect(renderDigest(content({ conflicts: [HIGH_CLASH, medium] }), 'https://cc.example').subject).toBe(
      'Consultation digest, week 5, 1–7 February 2027: 2 unresolved clashes (1 HIGH)',
    );
    expect(renderDigest(content({ conflicts: [medium] }), 'https://cc.example').subject).toMatch(/: 1 unresolved clash$/);
    expect(renderDigest(content({ changes: [{ ...youth, change: 'NEW' }] }), 'https://cc.example').subject).toMatch(/: no unresolved clashes$/);
    expect(renderDigest(content(), 'https://cc.example').subject).toMatch(/: all clear$/);
  });

  it('puts the same facts in the text and HTML parts: explanation, whom to contact, a link', () => {
    const digest = renderDigest(content({ conflicts: [HIGH_CLASH] }), 'https://cc.example');
    for (const part of [digest.text, digest.html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')]) {
      expect(part).toContain(`New: ${EXPLANATION}`);
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

  it('lists requests to join waiting for an answer after the clashes, and is not all clear for them', () => {
    const request = { id: 'r1', consultationId: 'c1', title: 'Youth services review', asking: 'Staffordshire Police', owner: 'Staffordshire County Council', note: 'Three questions on feeling safe.', requestedAt: new Date('2027-01-28T09:00:00Z'), status: 'PENDING' as const, endNote: null };
    const digest = renderDigest(content({ joinRequests: [request], changes: [{ ...youth, change: 'NEW' }] }), 'https://cc.example');
    expect(digest.allClear).toBe(false);
    expect(digest.items.map((i) => i.section)).toEqual(['JOIN_REQUEST', 'CHANGE']);
    expect(digest.items[0]).toMatchObject({ title: 'Youth services review', url: 'https://cc.example/consultations/c1' });
    expect(digest.text).toContain("REQUESTS TO JOIN YOUR ORGANISATION'S CONSULTATIONS");
    expect(digest.text).toContain('Staffordshire Police asks to join: Three questions on feeling safe. Accept or decline it');
    expect(digest.html).toContain('Staffordshire Police asks to join: Three questions on feeling safe.');
  });

  it('says all clear, briefly, when there is nothing for the member', () => {
    const digest = renderDigest(content(), 'https://cc.example');
    expect(digest.allClear).toBe(true);
    expect(digest.items).toEqual([]);
    expect(digest.text).toContain('All clear: nothing new touches your areas and audiences');
  });

  it('says how many open clashes it does not list, and counts every one in the subject', () => {
    const digest = renderDigest(
      content({ changes: [{ ...youth, change: 'UPDATED' }], moreChanges: 12, conflicts: [HIGH_CLASH], openClashes: { high: 5, medium: 26 }, milestones: [], moreMilestones: 0 }),
      'https://cc.example',
    );
    expect(digest.text).toContain('…and 12 more changes');
    expect(digest.text).toContain('…and 30 more clashes still open: see them all on the Clashes page, https://cc.example/#/clashes');
    expect(digest.subject).toMatch(/: 31 unresolved clashes \(5 HIGH\)$/);
    expect(digest.conflictCount).toBe(31);
  });

  it('tells of open clashes when none is new or changed: not all clear, nothing listed again', () => {
    const digest = renderDigest(content({ openClashes: { high: 1, medium: 1 } }), 'https://cc.example');
    expect(digest.allClear).toBe(false);
    expect(digest.items).toEqual([]);
    expect(digest.subject).toMatch(/: 2 unresolved clashes \(1 HIGH\)$/);
    expect(digest.text).toContain('NEW AND CHANGED CLASHES INVOLVING YOUR ORGANISATION\n\nNothing new or changed, and 2 clashes still open: see them all on the Clashes page, https://cc.example/#/clashes');
    expect(digest.html).toContain('Nothing new or changed, and 2 clashes still open');
  });

  it('lists a clash once with all its reasons', () => {
    const both = { ...HIGH_CLASH, ids: ['k1', 'k2'], kinds: ['OVERLAP' as const, 'DUPLICATE' as const], change: 'CHANGED' as const, explanations: [EXPLANATION, 'Also about youth services.'] };
    const [item] = renderDigest(content({ conflicts: [both] }), 'https://cc.example').items;
    expect(item).toMatchObject({ title: 'HIGH overlap and duplicate: Youth services review', detail: expect.stringMatching(/^Changed: Overlaps .* Also about youth services\. Contact: Sam Lee/) });
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

describe('clashesOf', () => {
  const row = (id: string, over: Partial<DigestConflictRow>): DigestConflictRow => ({
    id, kind: 'OVERLAP', severity: 'MEDIUM', consultationId: 'c1', otherId: 'c2', overlapStart: '2027-02-10', acknowledgement: null,
    explanation: `Explanation ${id}.`, isNew: false, isChanged: false, ownTitle: 'Youth services review',
    otherTitle: 'Police and Crime Plan survey', otherOrganisation: "Staffordshire Commissioner's Office", contactName: null, contactEmail: null, ...over,
  });

  it('counts every open clash once, and lists only those new or changed since the last digest', () => {
    const { conflicts, openClashes } = clashesOf([
      row('a', { severity: 'HIGH', kind: 'DUPLICATE', isNew: true, isChanged: true }),
      row('b', { isChanged: true }), // the same pair: one clash, changed
      row('c', { otherId: 'c3', otherTitle: 'Bus review', isNew: true, isChanged: true }),
      row('d', { otherId: 'c4', otherTitle: 'Library hours' }), // untouched since: counted, not listed
      row('e', { kind: 'BLACKOUT', otherId: null, otherTitle: null, otherOrganisation: null, severity: 'HIGH' }),
    ]);
    expect(openClashes).toEqual({ high: 2, medium: 2 });
    expect(conflicts.map((c) => [c.ids, c.kinds, c.severity, c.change, c.other?.title])).toEqual([
      [['a', 'b'], ['DUPLICATE', 'OVERLAP'], 'HIGH', 'CHANGED', 'Police and Crime Plan survey'],
      [['c'], ['OVERLAP'], 'MEDIUM', 'NEW', 'Bus review'],
    ]);
    expect(conflicts[0].explanations).toEqual(['Explanation a.', 'Explanation b.']);
  });
});

import { CalendarDate, formatDateRange } from '../common/dates/calendar-date';
import { ConflictKind, Severity } from './clash-rules';
import type { Finding, Names, Reason } from './conflict.rules';

// One or two sentences an officer can forward unedited: who, where, whom and when.

interface Party {
  title: string;
  organisationName: string;
}

export interface ConflictFacts {
  kind: ConflictKind;
  /** How severe (FindOptions.explainFrom reads it), and for OVERLAP and DUPLICATE why. */
  severity: Severity;
  why?: Reason;
  shared: Pick<Finding, 'sharedAreaIds' | 'sharedAudienceIds' | 'sharedChannels' | 'sharedTopics'>;
  overlap: { start: CalendarDate; end: CalendarDate } | null;
  /** Clear days between the windows when they do not overlap. */
  gap: number;
  names: Names;
  other?: Party;
  fatigue?: { count: number; windowDays: number; others: readonly Party[] };
  blackout?: { name: string; everywhere: boolean; everyone: boolean };
  /**
   * PROTECTED: whose side is told (the one running within the window, or the protected one), the
   * protected one's window and own dates, and the days its protection widens them by.
   */
  protection?: { from: 'OUTSIDER' | 'PROTECTED'; window: DateSpan; dates: DateSpan; daysBefore: number; daysAfter: number };
}

type DateSpan = { start: CalendarDate; end: CalendarDate };

const MAX_NAMED = 4;

export function describeConflict(facts: ConflictFacts): string {
  const { kind, shared, overlap, names } = facts;
  const whom = listOf(shared.sharedAudienceIds, (id) => audienceName(names, id));
  const where = listOf(shared.sharedAreaIds, (id) => names.area(id));
  const dates = overlap ? formatDateRange(overlap.start, overlap.end) : '';
  switch (kind) {
    case 'OVERLAP': {
      const other = party(facts.other!);
      const near = facts.gap === 0 ? `back to back with` : `within ${days(facts.gap)} of`;
      const lead = overlap ? `Overlaps ${dates} with ${other}: both ask ${whom} in ${where}.` : `Runs ${near} ${other}, which also asks ${whom} in ${where}.`;
      return [lead, whySevere(facts)].filter(Boolean).join(' ');
    }
    case 'DUPLICATE': {
      const other = party(facts.other!);
      const words = facts.why?.words ?? [];
      const topic = shared.sharedTopics.length
        ? `also about ${listOf(shared.sharedTopics)}`
        : words.length ? `on a similar topic (both write of ${listOf(words, (w) => `"${w}"`)})` : 'on a similar topic';
      const reuse = facts.why?.reuse;
      // Beyond the look-around only findings to reuse make a DUPLICATE: a hint, not a clash (the findings are named when read).
      if (reuse === 'THEIRS') return `${capitalise(other)} is ${topic} and closed ${days(facts.gap)} before this one starts: reuse its findings before asking the same people again.`;
      if (reuse === 'OURS') return `${capitalise(other)} is ${topic} and will ask ${whom} in ${where} ${days(facts.gap)} after this one: it can reuse this one's findings.`;
      const when = overlap ? `at the same time (${dates})` : facts.gap === 0 ? 'back to back with this one' : `${days(facts.gap)} apart`;
      const act = overlap ? 'join it or agree who asks what' : 'consider reusing its findings';
      return `${capitalise(other)} is ${topic} and asks ${whom} in ${where} ${when}: ${act}.`;
    }
    case 'FATIGUE': {
      const { count, windowDays, others } = facts.fatigue!;
      return `${capitalise(whom)} in ${where} would be asked by ${count} consultations within ${windowDays} days around ${dates}: this one and ${listOf(others, party)}.`;
    }
    case 'BLACKOUT': {
      const { name, everywhere, everyone } = facts.blackout!;
      const scope = everywhere && everyone ? '' : ` for ${everyone ? 'everyone' : whom}${everywhere ? '' : ` in ${where}`}`;
      return `Runs during the blackout period "${name}" on ${dates}${scope}.`;
    }
    case 'PROTECTED': {
      const { from, window, dates: own, daysBefore, daysAfter } = facts.protection!;
      const widened = formatDateRange(window.start, window.end);
      if (from === 'PROTECTED') return `${capitalise(party(facts.other!))} runs within this consultation's protected window (${widened}) on ${dates} and asks ${whom} in ${where}: it should move or join this one.`;
      return `Falls within the protected window of ${party(facts.other!)}, ${widened} (its dates, ${formatDateRange(own.start, own.end)}, widened by ${days(daysBefore)} before and ${days(daysAfter)} after), kept clear for its consultation of ${whom} in ${where}: move it or join it.`;
    }
    case 'ADVICE':
      // Worded by the good-practice checks themselves (advice.rules.ts), never by the clash rules.
      throw new Error('ADVICE is not a clash: advice.rules.ts explains it');
  }
}

/** Why an OVERLAP is as severe as it is, so that a HIGH can be forwarded as it stands. */
function whySevere({ why, severity, names, overlap, shared }: ConflictFacts): string {
  if (!why) return '';
  if (why.allAsked.length) {
    const lists = listOf(why.allAsked, (id) => names.audience(id));
    return overlap ? `Both contact every member of ${lists}: the same people asked twice at once.` : `Both contact every member of ${lists}, close together.`;
  }
  if (why.inPerson) return `Both meet them in person in the same district or smaller: likely the same people, twice.`;
  if (why.samePersonal.length) return `Both meet people in person by the same ${why.samePersonal.length > 1 ? 'channels' : 'channel'} (${listOf(why.samePersonal, channelName)}) in the same district or smaller.`;
  if (why.generalOnly && severity === 'LOW' && overlap) return `Only the public at large is shared${shared.sharedChannels.length ? `, by ${listOf(shared.sharedChannels, channelName)}` : ''}: few people will be asked by both.`;
  return '';
}

function party(p: Party): string {
  return `"${p.title}" (${p.organisationName})`;
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** "young people", but "NHS patients" and panels keep their capitals. */
function audienceName(names: Pick<Names, 'audience' | 'isPanel'>, id: string): string {
  return audienceWording(names.audience(id), names.isPanel(id));
}

/** An audience's name as a sentence uses it: "young people", but "NHS patients" and panels keep their capitals. */
export function audienceWording(name: string, isPanel: boolean): string {
  return !isPanel && /^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

export function channelName(channel: string): string {
  return channel.toLowerCase().replace(/_/g, ' ');
}

function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** "a", "a and b", "a, b and c", "a, b, c, d and 3 more": only the items shown are named (a FATIGUE can list hundreds). */
export function listOf<T>(items: readonly T[], name: (item: T) => string = String): string {
  if (items.length <= 1) return items.length ? name(items[0]) : '';
  const named = items.length > MAX_NAMED + 1 ? [...items.slice(0, MAX_NAMED).map(name), `${items.length - MAX_NAMED} more`] : items.map(name);
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

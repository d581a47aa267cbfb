import { compareCodeUnits } from '../common/compare';
import { addDays, CalendarDate, daysBetween } from '../common/dates/calendar-date';
import { candidateRange, ClashRules, CONFLICT_KINDS, reachDays } from './clash-rules';
import type { Facts } from './conflict-finder';
import type { CandidateFacts } from './conflict.rules';

/**
 * A plan's candidates over a long range of start dates (suggestWindows loads two years at once),
 * handing each start only those that can clash with it, as the candidate query picks them for a
 * single window: one with a similar topic or text as far as DUPLICATE looks (a year), any other
 * as far as OVERLAP and FATIGUE look (a month). The rest give no finding and change no verdict,
 * so the rules need not meet thousands of them for every start.
 */
export class CandidateTimeline<F extends Pick<Facts, 'candidates'>> {
  private readonly reported: ByStart;
  private readonly similar: ByStart;
  private readonly others: ByStart;
  private readonly similarReach: number;
  private readonly otherReach: number;

  constructor(
    private readonly facts: F,
    private readonly rules: ClashRules,
  ) {
    // A protected one reaches with its widened window (up to MAX_PROTECTION_DAYS): looked for as far as a similar one.
    const similar = (c: CandidateFacts) => c.topics.length > 0 || c.topicScore >= rules.similarityThreshold || !!c.protection;
    // A similar one with findings recorded is a DUPLICATE further back, as far as the findings look-around.
    this.reported = new ByStart(facts.candidates.filter((c) => similar(c) && c.findingsRecorded));
    this.similar = new ByStart(facts.candidates.filter((c) => similar(c) && !c.findingsRecorded));
    this.others = new ByStart(facts.candidates.filter((c) => !similar(c)));
    this.similarReach = reachDays(rules, CONFLICT_KINDS);
    this.otherReach = reachDays(rules, CONFLICT_KINDS.filter((kind) => kind !== 'DUPLICATE'));
  }

  /** The facts for the plan run from startDate to endDate. */
  factsFor({ startDate, endDate }: { startDate: CalendarDate; endDate: CalendarDate }): F {
    const within = (dates: ByStart, reach: number) => dates.within(addDays(startDate, -reach), addDays(endDate, reach));
    const { first } = candidateRange({ startDate, endDate }, this.rules, CONFLICT_KINDS);
    const reported = this.reported.within(first, addDays(endDate, this.similarReach));
    return { ...this.facts, candidates: [...reported, ...within(this.similar, this.similarReach), ...within(this.others, this.otherReach)] };
  }
}

/** Candidates in order of start date, to find those running on some day of a range. */
class ByStart {
  private readonly sorted: CandidateFacts[];
  /** Days from start to end of the longest: none running on a day started earlier than that. */
  private readonly longest: number;

  constructor(candidates: readonly CandidateFacts[]) {
    this.sorted = [...candidates].sort((a, b) => compareCodeUnits(a.startDate, b.startDate));
    this.longest = this.sorted.reduce((longest, c) => Math.max(longest, daysBetween(c.startDate, c.endDate)), 0);
  }

  within(first: CalendarDate, last: CalendarDate): CandidateFacts[] {
    const found: CandidateFacts[] = [];
    for (let i = this.firstStartingFrom(addDays(first, -this.longest)); i < this.sorted.length && this.sorted[i].startDate <= last; i++) {
      if (this.sorted[i].endDate >= first) found.push(this.sorted[i]);
    }
    return found;
  }

  private firstStartingFrom(date: CalendarDate): number {
    let [low, high] = [0, this.sorted.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle].startDate < date) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

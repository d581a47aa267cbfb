import { addDays, CalendarDate } from '../../common/dates/calendar-date';
import { Steps } from '../../common/deadline/pacer';
import type { Facts, Subject } from '../conflict-finder';
import { CandidateTimeline } from '../candidate-timeline';
import { ClashRules, ConflictKind } from '../clash-rules';
import { conflictSteps, FindOptions, Finding } from '../conflict.rules';
import { planReachKeySteps } from '../candidates.sql';
import { namesFrom } from '../names';

// The clash check's CPU-bound work as tasks of plain data, so that the same steps run either paced
// on the event loop or whole in a judging thread (judging-threads.ts): a task carries what the
// rules need, never a function, and the thread names areas and audiences again from the rows.

/** Facts as a thread is handed them: the rows the names come from instead of the names. */
export type PortableFacts = Omit<Facts, 'names'>;

/** The plan's conflicts, with its dates moved to `dates` if given. */
export interface JudgeTask {
  task: 'judge';
  facts: PortableFacts;
  dates?: Dates;
  options: FindOptions;
  rules: ClashRules;
}

/** suggestWindows' search: every start in [from, to] judged, the clear runs of starts found. */
export interface WindowsTask {
  task: 'windows';
  facts: PortableFacts;
  from: CalendarDate;
  to: CalendarDate;
  /** Days from a window's start to its end. */
  length: number;
  limit: number;
  rules: ClashRules;
}

/** The reach keys a plan looks itself up with (a plan naming every area has tens of thousands). */
export interface KeysTask {
  task: 'keys';
  subject: Pick<Subject, 'areaBlockIds' | 'areaLineageIds' | 'audienceIds' | 'audienceLineageIds' | 'startDate' | 'endDate'>;
  kinds: readonly ConflictKind[];
  planFindings: boolean;
  rules: ClashRules;
}

export type JudgingTask = JudgeTask | WindowsTask | KeysTask;

interface Dates {
  startDate: CalendarDate;
  endDate: CalendarDate;
}

/** A run of clear starts: the first start's window and its (LOW) conflicts, and the last clear start. */
export interface FoundWindow extends Dates {
  latestStartDate: CalendarDate;
  findings: Finding[];
}

export type JudgingResult<T extends JudgingTask> = T extends JudgeTask ? Finding[] : T extends WindowsTask ? FoundWindow[] : string[];

/** A task's steps, whichever side runs them. */
export function taskSteps<T extends JudgingTask>(task: T): Steps<JudgingResult<T>> {
  switch (task.task) {
    case 'judge':
      return judgeSteps(withNames(task.facts), task.rules, task.dates, task.options) as Steps<JudgingResult<T>>;
    case 'windows':
      return windowSteps(task) as Steps<JudgingResult<T>>;
    case 'keys':
      return planReachKeySteps(task.subject as Subject, task.rules, task.kinds, task.planFindings) as Steps<JudgingResult<T>>;
  }
}

function withNames(facts: PortableFacts | Facts): Facts {
  return 'names' in facts ? facts : { ...facts, names: namesFrom(facts.rows) };
}

function judgeSteps({ plan, candidates, blackouts, names }: Facts, rules: ClashRules, dates: Dates | undefined, options: FindOptions): Steps<Finding[]> {
  return conflictSteps(dates ? { ...plan, ...dates } : plan, candidates, blackouts, rules, names, options);
}

/** Each start judged by severity alone; only a run's first start needs its conflicts explained. */
function* windowSteps({ facts, from, to, length, limit, rules }: WindowsTask): Steps<FoundWindow[]> {
  const named = withNames(facts);
  const timeline = new CandidateTimeline(named, rules);
  const windows: FoundWindow[] = [];
  let open: FoundWindow | undefined;
  for (let start = from; start <= to && windows.length <= limit; start = addDays(start, 1)) {
    yield; // a start's candidates are picked out of two years'
    const dates = { startDate: start, endDate: addDays(start, length) };
    const candidates = timeline.factsFor(dates);
    const clear = (yield* judgeSteps(candidates, rules, dates, { otherSide: false, explain: false })).every((f) => f.severity === 'LOW');
    if (clear && open) open.latestStartDate = start;
    else if (clear) windows.push((open = { ...dates, latestStartDate: start, findings: yield* judgeSteps(candidates, rules, dates, { otherSide: false }) }));
    else open = undefined;
  }
  return windows.slice(0, limit);
}

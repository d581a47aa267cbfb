import { parseExpression } from 'cron-parser';
import { IsoWeek, isoWeekOf } from '../common/dates/iso-week';

/**
 * The week whose scheduled run has already come round at `now` — the run a service that was
 * down would have missed — or undefined when this week's run is still to come.
 */
export function weekDueAt(cron: string, timezone: string, now: Date): IsoWeek | undefined {
  const lastRun = parseExpression(cron, { tz: timezone, currentDate: now }).prev().toDate();
  const week = isoWeekOf(now);
  return isoWeekOf(lastRun).id === week.id ? week : undefined;
}

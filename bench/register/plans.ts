import { addDays } from '../../src/common/dates/calendar-date';
import { candidateParams } from '../../src/conflicts/candidates.sql';
import { CONFLICT_KINDS, DEFAULT_CLASH_RULES } from '../../src/conflicts/clash-rules';
import { CHANNELS } from '../../src/consultations/consultation.entity';
import { audienceLineageOf, day, KINDS, pick, random, territoryOf, TOPICS, World } from './england';

// The plans the benchmark checks, and the parameters the service sends to the candidate SQL for
// each (see ConflictFinder.load), so the raw SQL can be timed and explained on its own.

export interface Plan {
  level: 'county' | 'district' | 'ward';
  input: Record<string, unknown>;
  sqlParams: unknown[];
}

/**
 * Plan `index` of the benchmark's mix: a third each county-wide, district and ward level, starting
 * within the register's first `withinDays` (its span: see spanDays) unless its start is fixed.
 */
export function planAt(world: World, index: number, withinDays: number, fixed: { county?: number; startDate?: string } = {}): Plan {
  const next = random(world.seed * 7919 + index);
  const c = fixed.county ?? Math.floor(next() * world.counties.length);
  const d = Math.floor(next() * world.districts[c].length);
  const level = (['county', 'district', 'ward'] as const)[index % 3];
  const area = level === 'county' ? world.counties[c] : level === 'district' ? world.districts[c][d] : pick(next, world.wards[c][d]);
  const audience = pick(next, world.audiences);
  const topic = pick(next, TOPICS);
  const startDate = fixed.startDate ?? day(Math.floor(next() * withinDays));
  const endDate = addDays(startDate, (2 + Math.floor(next() * 11)) * 7 - 1);
  const title = `${topic.replace(/-/g, ' ')} ${pick(next, KINDS)} ${startDate.slice(0, 4)}`;
  const territory = territoryOf(world, [area.id]);
  return {
    level,
    input: { title, areaCodes: [area.code], audienceCodes: [audience.code], channels: [pick(next, CHANNELS)], topics: [topic], startDate, endDate },
    // As the service sends them for this plan (see ConflictFinder.load).
    sqlParams: candidateParams(
      { organisationId: world.organisations[0].id, title, summary: '', startDate, endDate, channels: [], topics: [topic], areaBlockIds: territory.blockIds, areaLineageIds: territory.lineageIds, audienceIds: [audience.id], audienceLineageIds: audienceLineageOf(world, [audience.id]) },
      world.organisations[0].id,
      DEFAULT_CLASH_RULES,
      CONFLICT_KINDS,
    ),
  };
}


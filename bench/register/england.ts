import { CHANNELS } from '../../src/consultations/consultation.entity';

// A register shaped like England's, made from a seed: 30 counties × 10 districts × 25 wards with
// two composite areas per county, an audience tree of 40 nodes with three panels, about 500
// organisations, and consultations of 2–12 weeks whose titles and topics repeat often enough that
// a realistic share of them clash. Consultation i depends only on the seed, the density and i, so
// a register grown from 10,000 to 1,000,000 keeps its first 10,000.
//
// Density (BENCH_DENSITY): `realistic` registers consultations at England's pace, about
// REALISTIC_PER_YEAR a year in registration order, so a register of 1,000,000 spans 25 years and
// a county has about as many live at once at 10,000 as at 1,000,000; `dense` squeezes any size
// into five years, the stress case (at 1,000,000 some 900 live at once in each county, where
// Staffordshire runs about 20).

export const BENCH_PREFIX = 'BX';
export const COUNTIES = 30;
export const DISTRICTS_PER_COUNTY = 10;
export const WARDS_PER_DISTRICT = 25;
const FIRST_DAY = Date.UTC(2024, 0, 1);
const DENSE_SPAN_DAYS = 5 * 365;
export const REALISTIC_PER_YEAR = 40_000;

export type Density = 'realistic' | 'dense';

export function densityFrom(value: string | undefined): Density {
  if (value === undefined || value === 'realistic' || value === 'dense') return value ?? 'realistic';
  throw new Error(`BENCH_DENSITY must be realistic or dense, not ${value}`);
}

export interface AreaRow {
  id: string;
  code: string;
  name: string;
  level: 'COUNTY' | 'DISTRICT' | 'WARD' | 'COMPOSITE';
  parentId: string | null;
  lineageIds: string[];
  memberIds: string[];
}

export interface AudienceRow {
  id: string;
  code: string;
  name: string;
  kind: 'GROUP' | 'PANEL';
  parentId: string | null;
  lineageIds: string[];
}

export interface OrganisationRow {
  id: string;
  code: string;
  name: string;
  kind: 'COUNTY' | 'DISTRICT' | 'POLICE' | 'FIRE' | 'NHS' | 'VOLUNTARY';
  /** The areas it consults in: a district council its district, a county body its county. */
  countyIndex: number;
  districtIndex?: number;
}

export interface ConsultationRow {
  id: string;
  organisationId: string;
  title: string;
  summary: string;
  topics: string[];
  channels: string[];
  expectedRespondents: number;
  startDate: string;
  endDate: string;
  status: 'DRAFT' | 'PLANNED' | 'LIVE' | 'CLOSED' | 'CANCELLED';
  areaIds: string[];
  audienceIds: string[];
  areaBlockIds: string[];
  areaLineageIds: string[];
  audienceLineageIds: string[];
}

export interface World {
  seed: number;
  density: Density;
  counties: AreaRow[];
  districts: AreaRow[][];
  wards: AreaRow[][][];
  composites: AreaRow[][];
  audiences: AudienceRow[];
  organisations: OrganisationRow[];
  areaById: Map<string, AreaRow>;
  audienceById: Map<string, AudienceRow>;
}

/** mulberry32: small, fast and good enough to draw a benchmark from. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];

const AUDIENCE_GROUPS: Record<string, string[]> = {
  RESIDENTS: ['TENANTS', 'HOMEOWNERS', 'RURAL', 'URBAN', 'NEW_ARRIVALS'],
  YOUNG_PEOPLE: ['UNDER_11', 'AGE_11_16', 'AGE_16_18', 'CARE_LEAVERS', 'STUDENTS'],
  OLDER_PEOPLE: ['OVER_65', 'OVER_80', 'CARERS', 'CARE_HOME', 'LIVING_ALONE'],
  PATIENTS: ['GP_PATIENTS', 'HOSPITAL', 'MENTAL_HEALTH', 'MATERNITY', 'LONG_TERM'],
  BUSINESSES: ['RETAIL', 'HOSPITALITY', 'FARMING', 'SMALL_FIRMS', 'TRADERS'],
  COMMUNITIES: ['FAITH', 'DISABLED', 'VETERANS', 'LGBT', 'ETHNIC_MINORITY'],
};
const PANELS = ['CITIZENS_PANEL', 'YOUTH_PANEL', 'PATIENT_PANEL'];

export const TOPICS = [
  'parking', 'libraries', 'budget', 'policing', 'health', 'transport', 'housing', 'waste', 'parks', 'planning',
  'schools', 'social-care', 'leisure', 'licensing', 'climate', 'roads', 'safety', 'fire', 'gp-services', 'hospitals',
  'mental-health', 'youth', 'culture', 'markets', 'flooding', 'cycling', 'buses', 'council-tax', 'community', 'heritage',
];
export const KINDS = ['strategy', 'review', 'survey', 'plan', 'proposals', 'changes', 'priorities', 'consultation'];

/** The tests' registers keep the dense generator they were written against; the benchmark chooses (BENCH_DENSITY). */
export function buildWorld(seed: number, density: Density = 'dense'): World {
  const next = random(seed);
  const areaById = new Map<string, AreaRow>();
  const area = (row: Omit<AreaRow, 'id' | 'lineageIds'> & { parentLineage?: string[] }): AreaRow => {
    const id = uuid(next);
    const made: AreaRow = { id, code: row.code, name: row.name, level: row.level, parentId: row.parentId, memberIds: row.memberIds, lineageIds: [id, ...(row.parentLineage ?? [])] };
    areaById.set(id, made);
    return made;
  };
  const counties: AreaRow[] = [];
  const districts: AreaRow[][] = [];
  const wards: AreaRow[][][] = [];
  const composites: AreaRow[][] = [];
  for (let c = 0; c < COUNTIES; c++) {
    const county = area({ code: `${BENCH_PREFIX}C${c}`, name: `Benchshire ${c}`, level: 'COUNTY', parentId: null, memberIds: [] });
    counties.push(county);
    districts.push([]);
    wards.push([]);
    for (let d = 0; d < DISTRICTS_PER_COUNTY; d++) {
      const district = area({ code: `${BENCH_PREFIX}C${c}D${d}`, name: `District ${c}.${d}`, level: 'DISTRICT', parentId: county.id, parentLineage: county.lineageIds, memberIds: [] });
      districts[c].push(district);
      wards[c].push(
        Array.from({ length: WARDS_PER_DISTRICT }, (_, w) =>
          area({ code: `${BENCH_PREFIX}C${c}D${d}W${w}`, name: `Ward ${c}.${d}.${w}`, level: 'WARD', parentId: district.id, parentLineage: district.lineageIds, memberIds: [] }),
        ),
      );
    }
    // "North Benchshire" (three districts) and a police neighbourhood of twelve wards.
    const neighbourhood = Array.from({ length: 12 }, (_, i) => wards[c][i % DISTRICTS_PER_COUNTY][Math.floor(i / DISTRICTS_PER_COUNTY)].id);
    composites.push([
      area({ code: `${BENCH_PREFIX}C${c}N`, name: `North Benchshire ${c}`, level: 'COMPOSITE', parentId: null, memberIds: districts[c].slice(0, 3).map((d) => d.id) }),
      area({ code: `${BENCH_PREFIX}C${c}PN`, name: `Neighbourhood ${c}`, level: 'COMPOSITE', parentId: null, memberIds: neighbourhood }),
    ]);
  }

  const audiences: AudienceRow[] = [];
  const audience = (code: string, kind: AudienceRow['kind'], parent?: AudienceRow): AudienceRow => {
    const id = uuid(next);
    const row: AudienceRow = { id, code: `${BENCH_PREFIX}_${code}`, name: code.toLowerCase().replace(/_/g, ' '), kind, parentId: parent?.id ?? null, lineageIds: [id, ...(parent?.lineageIds ?? [])] };
    audiences.push(row);
    return row;
  };
  const everyone = audience('EVERYONE', 'GROUP');
  for (const [group, children] of Object.entries(AUDIENCE_GROUPS)) {
    const parent = audience(group, 'GROUP', everyone);
    for (const child of children) audience(child, 'GROUP', parent);
  }
  for (const panel of PANELS) audience(panel, 'PANEL', everyone);

  const organisations: OrganisationRow[] = [];
  const organisation = (code: string, name: string, kind: OrganisationRow['kind'], countyIndex: number, districtIndex?: number) =>
    organisations.push({ id: uuid(next), code: `${BENCH_PREFIX}-${code}`, name, kind, countyIndex, districtIndex });
  for (let c = 0; c < COUNTIES; c++) {
    organisation(`CC${c}`, `Benchshire ${c} County Council`, 'COUNTY', c);
    for (let d = 0; d < DISTRICTS_PER_COUNTY; d++) organisation(`DC${c}-${d}`, `District ${c}.${d} Council`, 'DISTRICT', c, d);
    organisation(`POL${c}`, `Benchshire ${c} Police`, 'POLICE', c);
    organisation(`FIRE${c}`, `Benchshire ${c} Fire and Rescue`, 'FIRE', c);
    organisation(`ICB${c}`, `Benchshire ${c} Integrated Care Board`, 'NHS', c);
    organisation(`VCS${c}`, `Benchshire ${c} Voluntary Action`, 'VOLUNTARY', c);
  }
  return { seed, density, counties, districts, wards, composites, audiences, organisations, areaById, audienceById: new Map(audiences.map((a) => [a.id, a])) };
}

/** Consultation `index` of the register grown from this world's seed. */
export function consultationAt(world: World, index: number): ConsultationRow {
  const next = random(world.seed * 1_000_003 + index);
  const organisation = world.organisations[Math.floor(next() * world.organisations.length)];
  const c = organisation.countyIndex;
  const district = organisation.districtIndex ?? Math.floor(next() * DISTRICTS_PER_COUNTY);
  // County bodies consult county-wide or in a district; district councils in the district or wards.
  const reach = next();
  let areaIds: string[];
  if (organisation.kind === 'DISTRICT') areaIds = reach < 0.4 ? [world.districts[c][district].id] : wardsIn(world, c, district, next);
  else if (reach < 0.3) areaIds = [world.counties[c].id];
  else if (reach < 0.4) areaIds = [pick(next, world.composites[c]).id];
  else if (reach < 0.75) areaIds = [world.districts[c][district].id];
  else areaIds = wardsIn(world, c, district, next);

  const audienceIds = [pick(next, world.audiences).id];
  if (next() < 0.3) audienceIds.push(pick(next, world.audiences).id);
  const topic = pick(next, TOPICS);
  const topics = next() < 0.4 ? [topic, pick(next, TOPICS)] : [topic];
  const start = startDayOf(world, index, next());
  const weeks = 2 + Math.floor(next() * 11);
  const title = `${topic.replace(/-/g, ' ')} ${pick(next, KINDS)} ${2024 + Math.floor(start / 365)}`;
  const status = next();

  const territory = territoryOf(world, areaIds);
  return {
    id: consultationId(index),
    organisationId: organisation.id,
    title: `${title[0].toUpperCase()}${title.slice(1)}`,
    // Most registrations carry no summary; boilerplate ones ("X asks about Y") would make every
    // pair from one organisation look alike, which real summaries do not.
    summary: next() < 0.7 ? '' : `Proposals for ${topics.map((t) => t.replace(/-/g, ' ')).join(' and ')}`,
    topics: [...new Set(topics)],
    channels: [pick(next, CHANNELS)],
    expectedRespondents: 50 + Math.floor(next() * 2000),
    startDate: day(start),
    endDate: day(start + weeks * 7 - 1),
    status: status < 0.03 ? 'DRAFT' : status < 0.06 ? 'CANCELLED' : 'PLANNED',
    areaIds: [...new Set(areaIds)],
    audienceIds: [...new Set(audienceIds)],
    areaBlockIds: territory.blockIds,
    areaLineageIds: territory.lineageIds,
    audienceLineageIds: audienceLineageOf(world, audienceIds),
  };
}

/** Consultation `index`'s first day, from the register's start: `draw` is its random number in [0, 1). */
function startDayOf(world: World, index: number, draw: number): number {
  if (world.density === 'dense') return Math.floor(draw * DENSE_SPAN_DAYS);
  // In registration order at England's pace, give or take a month.
  return Math.max(0, Math.floor((index * 365) / REALISTIC_PER_YEAR + (draw - 0.5) * 60));
}

/** The days a register of `size` consultations spans: where the benchmark's plans fall. */
export function spanDays(world: World, size: number): number {
  return world.density === 'dense' ? DENSE_SPAN_DAYS : Math.max(28, Math.ceil((size * 365) / REALISTIC_PER_YEAR));
}

/** The index-ready form of an area selection, as the service derives it (see territory.rules). */
export function territoryOf(world: World, areaIds: readonly string[]): { blockIds: string[]; lineageIds: string[] } {
  const blockIds = [...new Set(areaIds.flatMap((id) => blocksOf(world, id)))];
  return { blockIds, lineageIds: [...new Set(blockIds.flatMap((id) => world.areaById.get(id)!.lineageIds))] };
}

export function audienceLineageOf(world: World, audienceIds: readonly string[]): string[] {
  return [...new Set(audienceIds.flatMap((id) => world.audienceById.get(id)!.lineageIds))];
}

/** Generated consultations have ids that say their index, so a register can be grown later. */
export const CONSULTATION_ID_PREFIX = 'bbbbbbbb-0000-4000-8000-';
export function consultationId(index: number): string {
  return `${CONSULTATION_ID_PREFIX}${index.toString(16).padStart(12, '0')}`;
}

function wardsIn(world: World, county: number, district: number, next: () => number): string[] {
  const count = 1 + Math.floor(next() * 3);
  return Array.from({ length: count }, () => pick(next, world.wards[county][district]).id);
}

function blocksOf(world: World, id: string): string[] {
  const area = world.areaById.get(id)!;
  return area.memberIds.length ? area.memberIds.flatMap((m) => blocksOf(world, m)) : [id];
}

export function day(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

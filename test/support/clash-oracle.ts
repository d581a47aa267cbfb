// A brute-force clash check written straight from PRODUCT.md's rules, to hold the real one to.
// It shares no code with src/conflicts: territory and audiences are compared as sets of the
// smallest units they cover, dates as plain day numbers, fatigue by trying every window day by
// day, and text similarity by pg_trgm's documented trigram rule.

export type Kind = 'OVERLAP' | 'DUPLICATE' | 'FATIGUE' | 'BLACKOUT';
export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';

export interface OracleRules {
  gapDays: number;
  lookAroundDays: number;
  fatigueThreshold: number;
  fatigueWindowDays: number;
  similarityThreshold: number;
}

export interface OracleConsultation {
  id: string;
  organisationId: string;
  status: string;
  title: string;
  startDate: string;
  endDate: string;
  areaIds: string[];
  audienceIds: string[];
  channels: string[];
  topics: string[];
}

export interface OracleBlackout {
  id: string;
  startDate: string;
  endDate: string;
  severity: Severity;
  /** Empty: everywhere / everyone. */
  areaIds: string[];
  audienceIds: string[];
}

/** The reference trees, as what each node covers. */
export interface OracleWorld {
  /** Area id → the smallest areas it covers (itself when it has no parts). */
  areaUnits: Map<string, Set<string>>;
  audienceUnits: Map<string, Set<string>>;
  panels: Set<string>;
}

export interface ExpectedConflict {
  kind: Kind;
  severity: Severity;
  otherId: string | null;
  blackoutId: string | null;
  /** FATIGUE: how many other consultations the busiest window holds. */
  related: number;
}

/** Every node's units: the union of its children's (and a composite's members'), or itself. */
export function unitsOf(nodes: { id: string; parentId: string | null; memberIds?: string[] }[]): Map<string, Set<string>> {
  const parts = new Map<string, string[]>(nodes.map((n) => [n.id, [...(n.memberIds ?? [])]]));
  for (const node of nodes) if (node.parentId) parts.get(node.parentId)?.push(node.id);
  const units = new Map<string, Set<string>>();
  const visit = (id: string, path: Set<string>): Set<string> => {
    const known = units.get(id);
    if (known) return known;
    const children = (parts.get(id) ?? []).filter((child) => !path.has(child));
    const result = children.length ? new Set(children.flatMap((child) => [...visit(child, new Set([...path, id]))])) : new Set([id]);
    units.set(id, result);
    return result;
  };
  nodes.forEach((n) => visit(n.id, new Set()));
  return units;
}

export function oracleConflicts(
  plan: OracleConsultation,
  register: readonly OracleConsultation[],
  blackouts: readonly OracleBlackout[],
  viewerOrganisationId: string,
  world: OracleWorld,
  rules: OracleRules,
): ExpectedConflict[] {
  const planAreas = covered(world.areaUnits, plan.areaIds);
  const planAudiences = covered(world.audienceUnits, plan.audienceIds);
  const seen = register.filter(
    (c) => c.id !== plan.id && c.status !== 'CANCELLED' && (c.status !== 'DRAFT' || c.organisationId === viewerOrganisationId),
  );
  const reaching = seen.filter((c) => meets(planAreas, covered(world.areaUnits, c.areaIds)) && meets(planAudiences, covered(world.audienceUnits, c.audienceIds)));
  const found: ExpectedConflict[] = [];
  const pair = (kind: Kind, severity: Severity, otherId: string) => found.push({ kind, severity, otherId, blackoutId: null, related: 0 });

  for (const other of reaching) {
    const overlapping = overlapDays(plan, other) > 0;
    const gap = overlapping ? 0 : daysApart(plan, other);
    const similar = plan.topics.some((t) => other.topics.includes(t)) || trigramSimilarity(plan.title, other.title) >= rules.similarityThreshold;
    const samePanel = plan.audienceIds.some((id) => world.panels.has(id) && other.audienceIds.includes(id));
    const sameChannel = plan.channels.some((ch) => other.channels.includes(ch));
    if (overlapping || gap <= rules.gapDays) pair('OVERLAP', !overlapping ? 'LOW' : samePanel || sameChannel || similar ? 'HIGH' : 'MEDIUM', other.id);
    if (similar && gap <= rules.lookAroundDays) pair('DUPLICATE', overlapping ? 'HIGH' : 'MEDIUM', other.id);
  }

  // Every window of fatigueWindowDays that holds at least one day of the plan, tried day by day.
  let busiest = 0;
  for (let first = day(plan.startDate) - rules.fatigueWindowDays + 1; first <= day(plan.endDate); first++) {
    const last = first + rules.fatigueWindowDays - 1;
    busiest = Math.max(busiest, reaching.filter((c) => day(c.startDate) <= last && day(c.endDate) >= first).length);
  }
  if (busiest + 1 > rules.fatigueThreshold) found.push({ kind: 'FATIGUE', severity: 'MEDIUM', otherId: null, blackoutId: null, related: busiest });

  for (const blackout of blackouts) {
    if (overlapDays(plan, blackout) <= 0) continue;
    const inArea = !blackout.areaIds.length || meets(planAreas, covered(world.areaUnits, blackout.areaIds));
    const inAudience = !blackout.audienceIds.length || meets(planAudiences, covered(world.audienceUnits, blackout.audienceIds));
    if (inArea && inAudience) found.push({ kind: 'BLACKOUT', severity: blackout.severity, otherId: null, blackoutId: blackout.id, related: 0 });
  }
  return found;
}

/** pg_trgm's similarity: words of letters and digits, lower-cased, padded "  word ", shared trigrams over all trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  const shared = [...x].filter((t) => y.has(t)).length;
  const all = x.size + y.size - shared;
  return all === 0 ? 0 : shared / all;
}

function trigrams(text: string): Set<string> {
  const result = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) result.add(padded.slice(i, i + 3));
  }
  return result;
}

function covered(units: Map<string, Set<string>>, ids: readonly string[]): Set<string> {
  return new Set(ids.flatMap((id) => [...(units.get(id) ?? [])]));
}

function meets(a: Set<string>, b: Set<string>): boolean {
  return [...a].some((unit) => b.has(unit));
}

function day(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** Days both windows share (end dates inclusive); 0 or less when they do not meet. */
function overlapDays(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): number {
  return Math.min(day(a.endDate), day(b.endDate)) - Math.max(day(a.startDate), day(b.startDate)) + 1;
}

/** Whole days between two windows that do not overlap. */
function daysApart(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): number {
  return Math.max(day(a.startDate), day(b.startDate)) - Math.min(day(a.endDate), day(b.endDate)) - 1;
}

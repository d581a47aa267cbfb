import { CalendarDate } from '../common/dates/calendar-date';
import { Steps, unpaced } from '../common/deadline/pacer';

// The clash check's reach keys, worked out here as the database works them out for the index
// (consultation_reach_keys, migrations 1764400000000-reach-index and 1765000000000-reach-keys-by-half-year):
// one key for every (area, audience, half-year), each hashtextextended(text, 0), PostgreSQL's
// 64-bit Jenkins hash. Sent with the query, they spare PostgreSQL running that function while it
// plans every check, which cost a third of the planning. ConflictFinder checks at start
// (serverAgrees) that both agree.

/** The keys a consultation is filed under; a plan looks itself up with blocks and lineage swapped. */
export function reachKeys(areaBlockIds: readonly string[], areaLineageIds: readonly string[], audienceIds: readonly string[], audienceLineageIds: readonly string[], firstDay: CalendarDate, lastDay: CalendarDate): string[] {
  return unpaced(reachKeySteps(areaBlockIds, areaLineageIds, audienceIds, audienceLineageIds, firstDay, lastDay));
}

/** reachKeys as steps, one an area and half-year: a plan naming every area has tens of thousands of keys. */
function* reachKeySteps(areaBlockIds: readonly string[], areaLineageIds: readonly string[], audienceIds: readonly string[], audienceLineageIds: readonly string[], firstDay: CalendarDate, lastDay: CalendarDate): Steps<string[]> {
  const areas = new Set([...areaLineageIds.map((id) => `L${id}`), ...areaBlockIds.map((id) => `B${id}`)]);
  const audiences = new Set([...audienceLineageIds.map((id) => `L${id}`), ...audienceIds.map((id) => `B${id}`)]);
  const keys = new Set<string>();
  for (let half = halfYearOf(firstDay); half <= halfYearOf(lastDay); half++) {
    for (const area of areas) {
      yield;
      for (const audience of audiences) keys.add(hashTextExtended(`${area}${audience}${half}`));
    }
  }
  return [...keys];
}

/**
 * The keys a plan looks itself up with: blocks and lineage swapped, so it finds those inside it
 * (its blocks in their lineage) and those covering it (its lineage among their blocks). A
 * consultation's lineage holds its own blocks, so whatever has one of the plan's blocks among its
 * blocks also has it in its lineage: the plan's blocks are looked up as lineage only. That nearly halves
 * a ward- or district-level plan's keys, and PostgreSQL descends the index once a key.
 */
export function lookupKeys(areaBlockIds: readonly string[], areaLineageIds: readonly string[], audienceIds: readonly string[], audienceLineageIds: readonly string[], firstDay: CalendarDate, lastDay: CalendarDate): string[] {
  return unpaced(lookupKeySteps(areaBlockIds, areaLineageIds, audienceIds, audienceLineageIds, firstDay, lastDay));
}

export function lookupKeySteps(areaBlockIds: readonly string[], areaLineageIds: readonly string[], audienceIds: readonly string[], audienceLineageIds: readonly string[], firstDay: CalendarDate, lastDay: CalendarDate): Steps<string[]> {
  const beyond = (lineage: readonly string[], blocks: readonly string[]) => {
    const own = new Set(blocks); // a composite names hundreds
    return lineage.filter((id) => !own.has(id));
  };
  return reachKeySteps(beyond(areaLineageIds, areaBlockIds), areaBlockIds, beyond(audienceLineageIds, audienceIds), audienceIds, firstDay, lastDay);
}

/** Half-years counted from year 0 (January–June, July–December), as the SQL counts them. */
function halfYearOf(date: CalendarDate): number {
  return Math.floor((Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1) / 6);
}

/** hashtextextended(text, 0) under a deterministic collation, as a signed 64-bit decimal. */
function hashTextExtended(text: string): string {
  const bytes = text.length * 3 <= scratch.length ? scratch : Buffer.alloc(text.length * 3);
  return hashBytesExtended(bytes, bytes.write(text, 0, 'utf8')).toString();
}

// Keys are some eighty bytes: encoded into one buffer kept for the purpose, not a new one each.
const scratch = Buffer.alloc(1024);

// PostgreSQL's hash_bytes_extended (src/common/hashfn.c) with seed 0, reading words little-endian
// as PostgreSQL does on the platforms serverAgrees() accepts; all arithmetic is on uint32.
function hashBytesExtended(k: Buffer, keyLength: number): bigint {
  let a = (0x9e3779b9 + keyLength + 3923095) >>> 0;
  let b = a;
  let c = a;
  let offset = 0;
  let length = keyLength;
  while (length >= 12) {
    a = (a + k.readUInt32LE(offset)) >>> 0;
    b = (b + k.readUInt32LE(offset + 4)) >>> 0;
    c = (c + k.readUInt32LE(offset + 8)) >>> 0;
    // mix(a, b, c)
    a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
    offset += 12;
    length -= 12;
  }
  // The last 11 bytes or fewer; the lowest byte of c is left alone, as in hashfn.c.
  const byte = (i: number) => k[offset + i];
  if (length >= 11) c = (c + (byte(10) << 24 >>> 0)) >>> 0;
  if (length >= 10) c = (c + (byte(9) << 16)) >>> 0;
  if (length >= 9) c = (c + (byte(8) << 8)) >>> 0;
  if (length >= 8) b = (b + (byte(7) << 24 >>> 0)) >>> 0;
  if (length >= 7) b = (b + (byte(6) << 16)) >>> 0;
  if (length >= 6) b = (b + (byte(5) << 8)) >>> 0;
  if (length >= 5) b = (b + byte(4)) >>> 0;
  if (length >= 4) a = (a + (byte(3) << 24 >>> 0)) >>> 0;
  if (length >= 3) a = (a + (byte(2) << 16)) >>> 0;
  if (length >= 2) a = (a + (byte(1) << 8)) >>> 0;
  if (length >= 1) a = (a + byte(0)) >>> 0;
  // final(a, b, c)
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return BigInt.asIntN(64, (BigInt(b) << 32n) | BigInt(c));
}

function rot(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Whether this PostgreSQL files consultations under the keys reachKeys() makes, tried on a plan
 * across two half-years and a new year. A server that hashed otherwise (a big-endian build)
 * would find no candidates from our keys, so there the service leaves them to PostgreSQL.
 */
export async function serverAgrees(query: (sql: string, params: unknown[]) => Promise<{ keys: string[] }[]>): Promise<boolean> {
  const id = (n: number) => `6f1c2d3e-0000-4000-8000-00000000000${n}`;
  const sample = [[id(1)], [id(2), id(1)], [id(3)], [id(4), id(3)], '2026-12-31', '2027-04-01'] as const;
  const [{ keys }] = await query(`SELECT consultation_reach_keys($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date, $6::date)::text[] AS keys`, [...sample]);
  const ours = new Set(reachKeys(...sample));
  return keys.length === ours.size && keys.every((key) => ours.has(key));
}

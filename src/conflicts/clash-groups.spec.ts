import { ConflictKind, Severity } from './clash-rules';
import { countOpen, groupClashes } from './clash-groups';

const ACK = { note: 'Agreed at the network meeting' };
const conflict = (id: string, kind: ConflictKind, severity: Severity, otherId: string | null, over: { overlapStart?: string | null; acknowledgement?: unknown; consultationId?: string } = {}) => ({
  id,
  kind,
  severity,
  otherId,
  consultationId: over.consultationId ?? 'me',
  overlapStart: over.overlapStart ?? null,
  acknowledgement: over.acknowledgement ?? null,
});

describe('clashes grouped for triage', () => {
  it('makes one group per other consultation, with all its kinds, at its worst severity', () => {
    const groups = groupClashes([
      conflict('a', 'DUPLICATE', 'HIGH', 'x', { overlapStart: '2027-03-01' }),
      conflict('b', 'OVERLAP', 'MEDIUM', 'y', { overlapStart: '2027-02-01' }),
      conflict('c', 'OVERLAP', 'LOW', 'x', { overlapStart: '2027-03-01' }),
    ]);
    expect(groups.map((g) => ({ other: g.otherId, severity: g.severity, kinds: g.kinds, ids: g.conflicts.map((c) => c.id) }))).toEqual([
      { other: 'x', severity: 'HIGH', kinds: ['DUPLICATE', 'OVERLAP'], ids: ['a', 'c'] },
      { other: 'y', severity: 'MEDIUM', kinds: ['OVERLAP'], ids: ['b'] },
    ]);
    expect(countOpen(groups)).toEqual({ high: 1, medium: 1, low: 0 });
  });

  it('grades a group by what is still unacknowledged, and puts settled groups last', () => {
    const groups = groupClashes([
      conflict('a', 'DUPLICATE', 'HIGH', 'x', { acknowledgement: ACK }),
      conflict('b', 'OVERLAP', 'HIGH', 'z', { acknowledgement: ACK }),
      conflict('c', 'OVERLAP', 'LOW', 'x'),
    ]);
    expect(groups.map((g) => [g.otherId, g.severity, g.settled])).toEqual([
      ['x', 'LOW', false],
      ['z', 'HIGH', true],
    ]);
    expect(countOpen(groups)).toEqual({ high: 0, medium: 0, low: 1 });
  });

  it('keeps each FATIGUE or BLACKOUT conflict a group of its own, counted once', () => {
    const groups = groupClashes([
      conflict('f', 'FATIGUE', 'MEDIUM', null),
      conflict('b1', 'BLACKOUT', 'HIGH', null, { overlapStart: '2027-04-01' }),
      conflict('b2', 'BLACKOUT', 'HIGH', null, { overlapStart: '2027-03-01' }),
    ]);
    expect(groups.map((g) => g.conflicts.map((c) => c.id))).toEqual([['b2'], ['b1'], ['f']]);
    expect(countOpen(groups)).toEqual({ high: 2, medium: 1, low: 0 });
  });

  it('orders equally bad groups by first shared day (none last), then by the other consultation', () => {
    const groups = groupClashes([
      conflict('a', 'DUPLICATE', 'MEDIUM', 'q'),
      conflict('b', 'OVERLAP', 'MEDIUM', 'p', { overlapStart: '2027-05-01' }),
      conflict('c', 'DUPLICATE', 'MEDIUM', 'o'),
    ]);
    expect(groups.map((g) => g.otherId)).toEqual(['p', 'o', 'q']);
  });

  it('tells the consultations apart when given several (the digest’s)', () => {
    const groups = groupClashes([conflict('a', 'OVERLAP', 'HIGH', 'x', { consultationId: 'one' }), conflict('b', 'OVERLAP', 'HIGH', 'x', { consultationId: 'two' })]);
    expect(groups.map((g) => g.consultationId)).toEqual(['one', 'two']);
    expect(groupClashes([])).toEqual([]);
  });
});

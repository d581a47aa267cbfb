import { summarise } from './check-summary';

describe('a check summarised for a planning form', () => {
  const conflicts = [
    { id: 'a', kind: 'OVERLAP', severity: 'HIGH' },
    { id: 'b', kind: 'BLACKOUT', severity: 'HIGH' },
    { id: 'c', kind: 'OVERLAP', severity: 'MEDIUM' },
    { id: 'd', kind: 'DUPLICATE', severity: 'LOW' },
    { id: 'e', kind: 'OVERLAP', severity: 'LOW' },
  ] as const;

  it('counts every conflict by severity and kind, listing none it does not have as zero', () => {
    const summary = summarise(conflicts, 2);
    expect(summary.total).toBe(5);
    expect(summary.bySeverity).toEqual([
      { severity: 'HIGH', count: 2 },
      { severity: 'MEDIUM', count: 1 },
      { severity: 'LOW', count: 2 },
    ]);
    expect(summary.byKind).toEqual([
      { kind: 'OVERLAP', count: 3 },
      { kind: 'DUPLICATE', count: 1 },
      { kind: 'FATIGUE', count: 0 },
      { kind: 'BLACKOUT', count: 1 },
      { kind: 'PROTECTED', count: 0 },
      { kind: 'ADVICE', count: 0 },
    ]);
  });

  it('lists the first ones in the order the check gave them', () => {
    expect(summarise(conflicts, 2).conflicts.map((c) => c.id)).toEqual(['a', 'b']);
    expect(summarise(conflicts, 0).conflicts).toEqual([]);
    expect(summarise(conflicts, 10).conflicts.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('summarises a plan that clashes with nothing', () => {
    const summary = summarise([], 25);
    expect(summary.total).toBe(0);
    expect(summary.bySeverity.every((s) => s.count === 0)).toBe(true);
    expect(summary.conflicts).toEqual([]);
  });
});

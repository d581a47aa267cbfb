import { KeptConflict, Labels, nearestRank, scoreRealism } from '../../bench/realism/score';

// bench:realism's figures on a hand-made register of five consultations, A to E.
describe('a labelled register scored as the realistic year README says', () => {
  const titles = ['A', 'B', 'C', 'D', 'E'];
  const kept = (kind: string, severity: KeptConflict['severity'], title: string, otherTitle: string | null = null): KeptConflict => ({ kind, severity, title, otherTitle });
  const conflicts = [
    kept('OVERLAP', 'MEDIUM', 'A', 'B'),
    kept('DUPLICATE', 'HIGH', 'B', 'A'), // the other side, and more severe: A × B is HIGH
    kept('OVERLAP', 'LOW', 'A', 'C'),
    kept('OVERLAP', 'HIGH', 'C', 'D'),
    kept('OVERLAP', 'HIGH', 'A', 'D'),
    kept('DUPLICATE', 'HIGH', 'A', 'D'), // one HIGH pair, two HIGH conflicts
    kept('BLACKOUT', 'HIGH', 'C'), // never a pair's verdict, never counted as a HIGH
    kept('FATIGUE', 'MEDIUM', 'D'),
    kept('FATIGUE', 'MEDIUM', 'E'),
    kept('FATIGUE', 'LOW', 'C'),
  ];
  const labels: Labels = {
    pairs: [
      { label: 'must-HIGH', a: 'A', b: 'B', category: 'panel twice' },
      { label: 'must-HIGH', a: 'C', b: 'A', category: 'parish councils twice' },
      { label: 'must-MEDIUM', a: 'D', b: 'C', category: 'same topic apart' },
      { label: 'must-MEDIUM', a: 'A', b: 'E', category: 'group by broadcast' },
      { label: 'must-not-HIGH', a: 'D', b: 'A', category: 'unrelated' },
      { label: 'must-not-HIGH', a: 'B', b: 'E', category: 'unrelated' },
    ],
    fatigueClusters: [
      { name: 'covered', members: ['D', 'E'] },
      { name: 'one member LOW', members: ['C', 'D'] },
    ],
  };
  const realism = scoreRealism(labels, titles, conflicts);

  it("judges a pair by its most severe OVERLAP or DUPLICATE, either side, and lists every miss", () => {
    expect(realism.misses).toEqual([
      { label: 'must-HIGH', verdict: 'LOW', a: 'C', b: 'A', category: 'parish councils twice' },
      { label: 'must-MEDIUM', verdict: 'NONE', a: 'A', b: 'E', category: 'group by broadcast' },
      { label: 'must-not-HIGH', verdict: 'HIGH', a: 'D', b: 'A', category: 'unrelated' },
    ]);
  });

  it('counts recall, false HIGHs and FATIGUE coverage member by member', () => {
    expect(realism.mustHigh).toEqual({ hit: 1, of: 2 });
    expect(realism.mustMedium).toEqual({ hit: 1, of: 2 });
    expect(realism.falseHigh).toEqual({ hit: 1, of: 2 });
    expect(realism.fatigueClusters).toEqual({ hit: 1, of: 2 });
    expect(realism.fatigueMembers).toEqual({ hit: 3, of: 4 });
  });

  it('counts HIGH pairs per consultation by nearest rank, a consultation with none as 0, BLACKOUT aside', () => {
    // HIGH pairs: A 2 (B, D), B 1, C 1 (D), D 2 (A, C), E 0 → 0 1 1 2 2
    expect(realism.highPairsPerConsultation).toEqual({ median: 1, p90: 2, max: 2 });
    // HIGH conflicts: A 3, B 1, C 1, D 3, E 0 → 0 1 1 3 3
    expect(realism.highConflictsPerConsultation).toEqual({ median: 1, p90: 3, max: 3 });
    expect(realism.withHigh).toEqual({ hit: 4, of: 5 });
  });

  it('counts every kept conflict by kind and severity', () => {
    expect(realism.byKindAndSeverity).toEqual({
      OVERLAP: { HIGH: 2, MEDIUM: 1, LOW: 1 },
      DUPLICATE: { HIGH: 2, MEDIUM: 0, LOW: 0 },
      BLACKOUT: { HIGH: 1, MEDIUM: 0, LOW: 0 },
      FATIGUE: { HIGH: 0, MEDIUM: 2, LOW: 1 },
    });
  });

  it('passes or fails each check of the yardstick on its figure', () => {
    expect(realism.checks.map((c) => [c.pass ? 'PASS' : 'FAIL', c.figure])).toEqual([
      ['FAIL', '1 / 2'],
      ['FAIL', '1 / 2'],
      ['FAIL', '1 / 2 HIGH'],
      ['FAIL', '3 / 4'],
      ['PASS', '1'],
      ['PASS', '2'],
      ['FAIL', '4 / 5'],
    ]);
  });

  it('takes the nearest rank: the smallest value with at least that share at or below it', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([nearestRank(oneToTen, 50), nearestRank(oneToTen, 90), nearestRank(oneToTen, 100)]).toEqual([5, 9, 10]);
    expect([nearestRank([0, 0, 0, 7], 50), nearestRank([0, 0, 0, 7], 90)]).toEqual([0, 7]);
    expect(nearestRank([], 50)).toBe(0);
  });

  it('refuses labels that name a consultation the register does not have', () => {
    expect(() => scoreRealism({ ...labels, fatigueClusters: [{ name: 'x', members: ['F'] }] }, titles, conflicts)).toThrow('"F"');
  });
});

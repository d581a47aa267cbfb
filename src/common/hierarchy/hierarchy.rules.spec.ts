import { intersection, lineageUnion, meets, HierarchyNode, prepareSelection } from './hierarchy.rules';

// county > district A > ward A1, A2; county > district B > ward B1
const node = (id: string, ...ancestors: string[]): HierarchyNode => ({ id, lineageIds: [id, ...ancestors] });
const county = node('county');
const a = node('A', 'county');
const b = node('B', 'county');
const a1 = node('A1', 'A', 'county');
const a2 = node('A2', 'A', 'county');
const b1 = node('B1', 'B', 'county');

describe('intersection of hierarchy selections', () => {
  it.each([
    ['a node with itself', [a], [a], ['A']],
    ['a ward with its district gives the ward', [a1], [a], ['A1']],
    ['a district with a ward inside it gives the ward (either order)', [a], [a1], ['A1']],
    ['the county with anything gives the finer side', [county], [a1, b1], ['A1', 'B1']],
    ['sibling wards do not meet', [a1], [a2], []],
    ['a ward and another district do not meet', [a1], [b], []],
    ['mixed selections meet only where they nest', [a1, b], [a, b1], ['A1', 'B1']],
    ['an empty selection meets nothing', [], [county], []],
  ])('%s', (_, left, right, expected) => {
    expect(intersection(left, right)).toEqual(expected);
    expect(intersection(right, left)).toEqual(expected);
    expect(meets(left, right)).toBe(expected.length > 0);
  });

  it('gives the same answer for a composite of many blocks as block by block', () => {
    const wards = Array.from({ length: 30 }, (_, i) => node(`W${String(i).padStart(2, '0')}`, i % 2 ? 'A' : 'B', 'county'));
    const composite = [...wards.slice(0, 20), b];
    for (const other of [[a], [b], [county], [a1, b1], wards.slice(10), [...wards.slice(25), a2]]) {
      const blockByBlock = [...new Set(composite.flatMap((block) => [...intersection([block], other), ...intersection(other, [block])]))].sort();
      expect(intersection(composite, other)).toEqual(blockByBlock);
      expect(intersection(other, composite)).toEqual(blockByBlock);
    }
  });

  it('a prepared selection answers as intersection does, for a selection met again too', () => {
    const plan = [a, b1];
    const prepared = prepareSelection(plan);
    const wardsOfA = [a1, a2];
    for (const other of [wardsOfA, [county], [b], wardsOfA, [a1, b]]) expect(prepared.intersection(other)).toEqual(intersection(plan, other));
  });

  it('lineageUnion lists every node and ancestor once', () => {
    expect(lineageUnion([a1, a2, b])).toEqual(['A', 'A1', 'A2', 'B', 'county']);
  });
});

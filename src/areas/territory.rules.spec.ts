import { intersection } from '../common/hierarchy/hierarchy.rules';
import { AreaNode, expandToBlocks } from './territory.rules';

const area = (id: string, ancestors: string[] = [], memberIds: string[] = []): AreaNode => ({ id, lineageIds: [id, ...ancestors], memberIds });
const areas = new Map<string, AreaNode>(
  [
    area('county'),
    area('newcastle', ['county']),
    area('moorlands', ['county']),
    area('tamworth', ['county']),
    area('leek-ward', ['moorlands', 'county']),
    area('north-staffs', [], ['newcastle', 'moorlands']),
    area('north-and-tamworth', [], ['north-staffs', 'tamworth']),
    area('loop', [], ['loop', 'tamworth']),
  ].map((a) => [a.id, a]),
);

describe('composite areas', () => {
  it('expand to their members', () => {
    expect(expandToBlocks(['north-staffs'], areas).map((a) => a.id)).toEqual(['moorlands', 'newcastle']);
  });

  it('expand recursively and without duplicates', () => {
    expect(expandToBlocks(['north-and-tamworth', 'newcastle'], areas).map((a) => a.id)).toEqual(['moorlands', 'newcastle', 'tamworth']);
  });

  it('survive a composite that lists itself', () => {
    expect(expandToBlocks(['loop'], areas).map((a) => a.id)).toEqual(['tamworth']);
  });

  it('meet a ward inside one of their members', () => {
    const composite = expandToBlocks(['north-staffs'], areas);
    const ward = expandToBlocks(['leek-ward'], areas);
    expect(intersection(composite, ward)).toEqual(['leek-ward']);
  });

  it('meet another composite sharing a member, and not one that shares none', () => {
    expect(intersection(expandToBlocks(['north-staffs'], areas), expandToBlocks(['north-and-tamworth'], areas))).toEqual(['moorlands', 'newcastle']);
    expect(intersection(expandToBlocks(['north-staffs'], areas), expandToBlocks(['tamworth'], areas))).toEqual([]);
  });

  it('refuse an unknown area', () => {
    expect(() => expandToBlocks(['nowhere'], areas)).toThrow('Unknown area nowhere');
  });
});

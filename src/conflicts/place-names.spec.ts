import { placeWordsOf, withoutPlaceNames } from './place-names';

describe('withoutPlaceNames', () => {
  const places = placeWordsOf(['Burton & Eton', 'Stafford', 'Newcastle-under-Lyme', 'Park']);

  it('leaves out the capitalised words of area names, whatever part of a name they are', () => {
    expect(withoutPlaceNames('Burton bus station and Newcastle-under-Lyme routes', places).split(/\s+/).filter(Boolean)).toEqual(['bus', 'station', 'and', '-under-', 'routes']);
  });

  it('keeps the same word in lower case, and words that name no area', () => {
    expect(withoutPlaceNames('Stafford parks and park benches', places)).toBe('  parks and park benches');
    expect(withoutPlaceNames('Bus services in Leek', places)).toBe('Bus services in Leek');
  });
});

import { safeNext } from './safe-next';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/#/consultation/0b1c', '/#/consultation/0b1c'],
    ['/forward-look?area=E07000199', '/forward-look?area=E07000199'],
  ])('keeps a path on this site: %s', (next, expected) => expect(safeNext(next)).toBe(expected));

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '/\\/evil.example',
    'javascript:alert(1)',
    '#/consultation/1',
    '/ /evil',
    '/\t/evil.example',
    '',
    undefined,
    42,
    `/${'a'.repeat(2000)}`,
  ])('refuses %p', (next) => expect(safeNext(next)).toBeUndefined());
});

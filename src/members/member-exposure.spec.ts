import { seesMemberDetails } from './member-exposure';

describe('seesMemberDetails', () => {
  const member = { organisationId: 'org-a' };
  it.each([
    ['a viewer of the same organisation', { role: 'VIEWER', organisationId: 'org-a' }, true],
    ['an officer of the same organisation', { role: 'OFFICER', organisationId: 'org-a' }, true],
    ['a viewer of another organisation', { role: 'VIEWER', organisationId: 'org-b' }, false],
    ['an officer of another organisation', { role: 'OFFICER', organisationId: 'org-b' }, false],
    ['a coordinator of another organisation', { role: 'COORDINATOR', organisationId: 'org-b' }, true],
    ['no one', undefined, false],
  ] as const)('%s: %s', (_, caller, expected) => {
    expect(seesMemberDetails(caller, member)).toBe(expected);
  });
});

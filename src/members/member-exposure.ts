import type { Caller } from '../auth/caller';

/**
 * Least exposure: a member of another organisation is a name and an email to work with. Their
 * role, whether they are active and whether they take the digest are for their own organisation
 * and for coordinators, who run the network's members.
 */
export function seesMemberDetails(caller: Pick<Caller, 'role' | 'organisationId'> | undefined, member: { organisationId: string }): boolean {
  return !!caller && (caller.role === 'COORDINATOR' || caller.organisationId === member.organisationId);
}

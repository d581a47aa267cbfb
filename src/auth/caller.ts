import type { MemberRole } from '../members/member.entity';

// The authenticated member making a request.
export interface Caller {
  memberId: string;
  organisationId: string;
  role: MemberRole;
  name: string;
  email: string;
  /** The session the request came with, when signed in by cookie rather than an API key. */
  sessionId?: string;
}

export function isCoordinator(caller: Caller): boolean {
  return caller.role === 'COORDINATOR';
}

export function canWrite(caller: Caller): boolean {
  return caller.role === 'OFFICER' || caller.role === 'COORDINATOR';
}

/** How the audit log names an actor. */
export function actorLabel(caller: Caller | undefined): string {
  return caller ? `${caller.name} <${caller.email}>` : 'system';
}

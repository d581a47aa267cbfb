import { Mail, plainMail as mail } from '../common/plain-mail';

// The emails a join request sends, as plain text and HTML. Pure: names and links are passed in.

export type { Mail };

export interface RequestFacts {
  /** The consultation asked to join. */
  title: string;
  link: string;
  asking: string;
  askedBy: string;
  note: string;
  /** The asking organisation's own plan, if named. */
  ownTitle: string | null;
  cancelOwn: boolean;
}

/** To the owning organisation's officers: who asks to join, what they want to ask, and how to answer. */
export function joinRequestMail(f: RequestFacts): Mail {
  const own = ownPlanSentence(f);
  const lines = [`${f.asking} (${f.askedBy}) asks to join "${f.title}".`, `What they want to ask: ${f.note}`, ...(own ? [own] : []), `Accept or decline it on the consultation's page: ${f.link}`];
  return mail(`${f.asking} asks to join "${f.title}"`, lines, f.link);
}

export interface AnswerFacts {
  title: string;
  link: string;
  owner: string;
  accepted: boolean;
  note: string | null;
  ownTitle: string | null;
  cancelOwn: boolean;
}

/** To the member who asked: accepted or declined, the owner's word, and what became of their own plan. */
export function joinAnswerMail(f: AnswerFacts): Mail {
  const verdict = f.accepted ? 'accepted' : 'declined';
  const lines = [`${f.owner} ${verdict} your request to join "${f.title}".`];
  if (f.note) lines.push(`Their note: ${f.note}`);
  if (f.accepted && f.ownTitle) {
    lines.push(f.cancelOwn ? `Your plan "${f.ownTitle}" is cancelled: joined "${f.title}".` : `Your plan "${f.ownTitle}" is kept as a linked part of it: the two no longer clash.`);
  }
  lines.push(`See it: ${f.link}`);
  return mail(`${f.owner} ${verdict} your request to join "${f.title}"`, lines, f.link);
}

export interface EndingFacts {
  title: string;
  link: string;
  /** The organisation asking, or the partner. */
  asking: string;
  owner: string;
  /** Who withdrew, left or removed. */
  endedBy: string;
  note: string | null;
  /** The partner's plan kept as a linked part, if any (not one cancelled as joined). */
  linkedTitle: string | null;
}

/** To the owning organisation's officers: the asking organisation withdrew its pending request. */
export function joinWithdrawnMail(f: EndingFacts): Mail {
  const lines = [`${f.asking} (${f.endedBy}) withdrew its request to join "${f.title}": there is nothing to answer.`];
  if (f.note) lines.push(`Their note: ${f.note}`);
  lines.push(`See it: ${f.link}`);
  return mail(`${f.asking} withdrew its request to join "${f.title}"`, lines, f.link);
}

/** To the owning organisation's officers: a partner left. */
export function partnerLeftMail(f: EndingFacts): Mail {
  const lines = [`${f.asking} (${f.endedBy}) left "${f.title}": it is no longer a partner, and no longer sees it while it is a draft.`];
  if (f.note) lines.push(`Their note: ${f.note}`);
  if (f.linkedTitle) lines.push(`Its plan "${f.linkedTitle}" is no longer a linked part of yours: the two are checked for clashes again.`);
  lines.push(`See it: ${f.link}`);
  return mail(`${f.asking} left "${f.title}"`, lines, f.link);
}

/** To the partner organisation's officers: the owner ended its part. */
export function partnerRemovedMail(f: EndingFacts): Mail {
  const lines = [`${f.owner} (${f.endedBy}) ended your organisation's part in "${f.title}": you are no longer a partner, and no longer see it while it is a draft.`];
  if (f.note) lines.push(`Their note: ${f.note}`);
  if (f.linkedTitle) lines.push(`Your plan "${f.linkedTitle}" is no longer a linked part of it: the two are checked for clashes again.`);
  lines.push(`See it: ${f.link}`);
  return mail(`${f.owner} ended your part in "${f.title}"`, lines, f.link);
}

function ownPlanSentence(f: RequestFacts): string | null {
  if (!f.ownTitle) return null;
  return f.cancelOwn
    ? `If you accept, their own plan "${f.ownTitle}" is cancelled as joined.`
    : `If you accept, their own plan "${f.ownTitle}" is kept as a linked part of yours, and the two no longer clash.`;
}

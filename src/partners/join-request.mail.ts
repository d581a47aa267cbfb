import { escapeHtml } from '../common/escape-html';

// The emails a join request sends, as plain text and HTML. Pure: names and links are passed in.

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

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

function ownPlanSentence(f: RequestFacts): string | null {
  if (!f.ownTitle) return null;
  return f.cancelOwn
    ? `If you accept, their own plan "${f.ownTitle}" is cancelled as joined.`
    : `If you accept, their own plan "${f.ownTitle}" is kept as a linked part of yours, and the two no longer clash.`;
}

function mail(subject: string, lines: string[], link: string): Mail {
  const text = `${lines.join('\n\n')}\n`;
  const html = lines.map((line) => `<p>${escapeHtml(line).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`).join('\n');
  return { subject, text, html };
}

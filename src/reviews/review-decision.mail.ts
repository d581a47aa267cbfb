import { Mail, plainMail } from '../common/plain-mail';

// The email a network review decision sends to the plan's owner. Pure: names and links are passed in.

export interface DecisionFacts {
  title: string;
  link: string;
  /** The coordinator who decided. */
  reviewer: string;
  agree: boolean;
  note: string;
}

/** To the lead officer (or the owning organisation's officers): agreed, or changes asked for, with the note. */
export function reviewDecisionMail(f: DecisionFacts): Mail {
  const lines = f.agree
    ? [`The network coordinator (${f.reviewer}) agreed to the launch of "${f.title}": it can go live.`]
    : [`The network coordinator (${f.reviewer}) asked for changes to "${f.title}" before it launches: it cannot go live until they agree.`];
  lines.push(`Their note: ${f.note}`);
  lines.push(`See it in the planner: ${f.link}`);
  return plainMail(f.agree ? `Agreed to launch: "${f.title}"` : `Changes asked for before launch: "${f.title}"`, lines, f.link);
}

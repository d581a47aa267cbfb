import { randomUUID } from 'node:crypto';
import { escapeHtml } from './escape-html';

// A short notice email (join requests, review decisions): lines as plain-text paragraphs and the
// same in HTML, the planner link made a link. Pure.

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

export function plainMail(subject: string, lines: string[], link: string): Mail {
  const text = `${lines.join('\n\n')}\n`;
  const html = lines.map((line) => `<p>${escapeHtml(line).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`).join('\n');
  return { subject, text, html };
}

/** Where the planner shows a consultation. */
export function consultationLink(publicBaseUrl: string, consultationId: string): string {
  return `${publicBaseUrl}/consultations/${consultationId}`;
}

/** A Message-ID naming what the mail is about, so a send can be traced in the mail server's log. */
export function noticeMessageId(publicBaseUrl: string, about: string): string {
  return `<${about}-${randomUUID()}@${new URL(publicBaseUrl).hostname}>`;
}

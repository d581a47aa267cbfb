import { formatDateRange, formatLongDate } from '../common/dates/calendar-date';
import { escapeHtml } from '../common/escape-html';
import { describeWeek } from '../common/dates/iso-week';
import {
  DigestChange, DigestConflict, DigestConsultation, DigestContent, DigestHotSpot, DigestJoinRequest, DigestMilestone, DigestResponseDue, DigestReview, isAllClear, openClashCount,
} from './digest.content';

export type DigestSection = 'CHANGE' | 'CONFLICT' | 'JOIN_REQUEST' | 'REVIEW' | 'RESPONSE_DUE' | 'MILESTONE' | 'HOT_SPOT';

/** One line of the digest, as the API returns it and both parts of the email show it. */
export interface DigestItem {
  section: DigestSection;
  consultationId: string | null;
  title: string;
  /** A conflict's title without the severity it starts with, which the HTML shows as a coloured badge instead. */
  heading?: string;
  detail: string;
  url: string | null;
  severity: string | null;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  items: DigestItem[];
  conflictCount: number;
  allClear: boolean;
}

const SECTION_HEADINGS: Record<DigestSection, string> = {
  CONFLICT: 'New and changed clashes involving your organisation',
  JOIN_REQUEST: "Requests to join your organisation's consultations, and partnerships ended",
  REVIEW: 'Plans awaiting your agreement before launch (network review)',
  RESPONSE_DUE: 'Responses your organisation owes: "we asked, you said, we did"',
  CHANGE: 'New and changed consultations',
  MILESTONE: 'Launching or closing in the next four weeks',
  HOT_SPOT: 'Network hot spots this week',
};
const SECTION_ORDER: DigestSection[] = ['CONFLICT', 'JOIN_REQUEST', 'REVIEW', 'RESPONSE_DUE', 'CHANGE', 'MILESTONE', 'HOT_SPOT'];

/**
 * Renders a digest as a subject, a plain-text part and an HTML part with the same facts. The HTML
 * is tables and inline styles only, which is what Outlook's Word engine renders faithfully.
 */
export function renderDigest(content: DigestContent, baseUrl: string): RenderedDigest {
  const conflictCount = openClashCount(content);
  const allClear = isAllClear(content);
  const subject = `Consultation digest, ${describeWeek(content.week)}: ${allClear ? 'all clear' : conflictSummary(content)}`;
  const intro = allClear
    ? 'All clear: nothing new touches your areas and audiences, your organisation has no unresolved clashes, owes no response and has no request to join waiting, and nothing launches or closes in the next four weeks.'
    : `Here is what the Consultation Network has planned, as of ${formatLongDate(content.week.start)}.`;
  const more: MoreLines = {
    CONFLICT: unlistedClashes(content, `see them all on the Clashes page, ${baseUrl}/#/clashes`),
    CHANGE: content.moreChanges > 0 ? `…and ${content.moreChanges} more changes: see the timeline at ${baseUrl}/` : undefined,
    MILESTONE: content.moreMilestones > 0 ? `…and ${content.moreMilestones} more launches and closes: see the timeline at ${baseUrl}/` : undefined,
  };
  const preferences =
    `You receive this weekly as a member of ${content.member.organisation}` +
    `${content.member.narrowed ? ', for the areas and audiences you chose' : ', for the whole network'}. ` +
    `Change what it covers, or turn it off, on your digest page, ${baseUrl}/#/digest (or with updateMyDigestPreferences in the API), or ask your network coordinator.`;
  // A section with nothing listed is left out, unless it has a line to say (open clashes, none new).
  const sections = SECTION_ORDER.map((section) => renderSection(section, SOURCES[section](content), more[section], baseUrl)).filter((s) => s.items.length > 0 || s.more);
  return {
    subject,
    text: renderText(content, sections, intro, preferences),
    html: renderHtml(content, subject, sections, intro, preferences),
    items: sections.flatMap((s) => s.items),
    conflictCount,
    allClear,
  };
}

/** Where each section's lines come from in the content. */
const SOURCES: Record<DigestSection, (content: DigestContent) => readonly object[]> = {
  CONFLICT: (c) => c.conflicts,
  JOIN_REQUEST: (c) => c.joinRequests,
  REVIEW: (c) => c.reviews,
  RESPONSE_DUE: (c) => c.responsesDue,
  CHANGE: (c) => c.changes,
  MILESTONE: (c) => c.milestones,
  HOT_SPOT: (c) => c.hotSpots,
};

/** Each section's lines as items, from its part of the content. */
const ITEMS: Record<DigestSection, (list: any[], link: (id: string) => string) => DigestItem[]> = {
  CONFLICT: (list: DigestConflict[], link) => list.map((c) => conflictItem(c, link)),
  JOIN_REQUEST: (list: DigestJoinRequest[], link) =>
    list.map((r) => ({
      section: 'JOIN_REQUEST',
      consultationId: r.consultationId,
      title: r.title,
      detail: joinRequestDetail(r),
      url: link(r.consultationId),
      severity: null,
    })),
  REVIEW: (list: DigestReview[], link) =>
    list.map((r) => ({
      section: 'REVIEW',
      consultationId: r.consultationId,
      title: r.title,
      detail: `${r.organisation}, from ${formatLongDate(r.startDate)}: ${r.changesRequested ? 'changes asked for, not yet made.' : 'awaiting your agreement.'} ${r.reasons.join(' ')} Agree, or ask for changes with a note (reviewConsultation).`,
      url: link(r.consultationId),
      severity: null,
    })),
  RESPONSE_DUE: (list: DigestResponseDue[], link) =>
    list.map((r) => ({
      section: 'RESPONSE_DUE',
      consultationId: r.id,
      title: r.title,
      detail: `${r.overdue ? `Overdue since ${formatLongDate(r.dueDate)}` : `Due ${formatLongDate(r.dueDate)}`}: closed ${formatLongDate(r.endDate)}. Record its findings and publish the response (recordFindings, publishResponse).`,
      url: link(r.id),
      severity: null,
    })),
  CHANGE: (list: DigestChange[], link) =>
    list.map((c) => ({
      section: 'CHANGE',
      consultationId: c.id,
      title: c.title,
      detail: `${c.change === 'NEW' ? 'New' : 'Changed'}: ${describe(c)}`,
      url: link(c.id),
      severity: null,
    })),
  MILESTONE: (list: DigestMilestone[], link) =>
    list.map((m) => ({
      section: 'MILESTONE',
      consultationId: m.id,
      title: m.title,
      detail: `${m.event === 'LAUNCHES' ? 'Launches' : 'Closes'} ${formatLongDate(m.on)}: ${describe(m)}`,
      url: link(m.id),
      severity: null,
    })),
  HOT_SPOT: (list: DigestHotSpot[]) =>
    list.map((h) => ({
      section: 'HOT_SPOT',
      consultationId: null,
      title: `${h.audience} in ${h.area}`,
      detail: `${h.count} consultations running this week: ${quoteList(h.titles)}`,
      url: null,
      severity: null,
    })),
};

/** One section as both parts of the email show it. */
interface RenderedSection {
  items: DigestItem[];
  more: string | undefined;
  text: string;
  html: string;
}

// Members handed the same list (the composer gives every member of an organisation, or of the same
// interests, one array where what it lists is the same for them) share its rendering: the same
// list, line and address always render alike. Kept only as long as the list itself.
const renderedLists = new WeakMap<readonly object[], Map<string, RenderedSection>>();

function renderSection(section: DigestSection, list: readonly object[], more: string | undefined, baseUrl: string): RenderedSection {
  const key = `${section}\n${baseUrl}\n${more ?? ''}`;
  const known = renderedLists.get(list)?.get(key);
  if (known) return known;
  const items = ITEMS[section](list as object[], (id) => `${baseUrl}/consultations/${id}`);
  const rendered = { items, more, text: sectionText(section, items, more), html: sectionHtml(section, items, more) };
  if (!renderedLists.has(list)) renderedLists.set(list, new Map());
  renderedLists.get(list)!.set(key, rendered);
  return rendered;
}

// One item per clash: all its reasons, so that one conversation with one contact settles it.
function conflictItem(c: DigestConflict, link: (id: string) => string): DigestItem {
  const contact = c.other?.contact ? ` Contact: ${c.other.contact.name} <${c.other.contact.email}> (${c.other.organisation}).` : '';
  const heading = `${c.kinds.map((k) => k.toLowerCase()).join(' and ')}: ${c.yours.title}`;
  return {
    section: 'CONFLICT',
    consultationId: c.yours.id,
    title: `${c.severity} ${heading}`,
    heading,
    detail: `${c.change === 'NEW' ? 'New' : 'Changed'}: ${c.explanations.join(' ')}${contact}`,
    url: link(c.yours.id),
    severity: c.severity,
  };
}

// The headline counts open HIGH and MEDIUM clashes, one per other consultation, listed or not.
function conflictSummary(content: DigestContent): string {
  const total = openClashCount(content);
  if (total === 0) return 'no unresolved clashes';
  const { high } = content.openClashes;
  return `${total} unresolved clash${total === 1 ? '' : 'es'}${high ? ` (${high} HIGH)` : ''}`;
}

// The open clashes not listed: unchanged since the last digest, or beyond the list.
function unlistedClashes(content: DigestContent, where: string): string | undefined {
  const unlisted = openClashCount(content) - content.conflicts.length;
  if (unlisted <= 0) return undefined;
  const clashes = unlisted === 1 ? 'clash' : 'clashes';
  return content.conflicts.length ? `…and ${unlisted} more ${clashes} still open: ${where}` : `Nothing new or changed, and ${unlisted} ${clashes} still open: ${where}`;
}

function describe(c: DigestConsultation): string {
  return `${c.organisation}, ${formatDateRange(c.startDate, c.endDate)}, ${c.audiences.join(', ')} in ${c.areas.join(', ')}`;
}

function quoteList(titles: string[]): string {
  const shown = titles.slice(0, 4).map((t) => `"${t}"`);
  return titles.length > 4 ? `${shown.join(', ')} and ${titles.length - 4} more` : shown.join(', ');
}

type MoreLines = Partial<Record<DigestSection, string>>;

function renderText(content: DigestContent, sections: RenderedSection[], intro: string, preferences: string): string {
  return [`Hello ${content.member.name},`, '', intro, '', ...sections.map((s) => s.text), '--', preferences, ''].join('\n');
}

function sectionText(section: DigestSection, list: DigestItem[], more: string | undefined): string {
  const lines = [SECTION_HEADINGS[section].toUpperCase(), ''];
  for (const item of list) lines.push(`* ${item.title}`, `  ${item.detail}`, ...(item.url ? [`  ${item.url}`] : []), '');
  if (more) lines.push(more, '');
  return lines.join('\n');
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const SEVERITY_COLOURS: Record<string, string> = { HIGH: '#b00020', MEDIUM: '#b35c00', LOW: '#555555' };

function sectionHtml(section: DigestSection, list: DigestItem[], more: string | undefined): string {
  const rows = list.map((item) => {
    const badge = item.severity
      ? `<span style="${FONT}font-size:12px;font-weight:bold;color:${SEVERITY_COLOURS[item.severity] ?? '#555555'};">${escapeHtml(item.severity)}</span> `
      : '';
    const heading = item.heading ?? item.title;
    const title = item.url ? `<a href="${escapeHtml(item.url)}" style="color:#0b5394;text-decoration:underline;">${escapeHtml(heading)}</a>` : escapeHtml(heading);
    return `<tr><td style="${FONT}font-size:14px;line-height:20px;color:#222222;padding:8px 0;border-bottom:1px solid #e5e5e5;">${badge}<strong>${title}</strong><br>${escapeHtml(item.detail)}</td></tr>`;
  });
  const moreRow = more ? `<tr><td style="${FONT}font-size:13px;color:#555555;padding:8px 0;">${escapeHtml(more)}</td></tr>` : '';
  return `<tr><td style="${FONT}font-size:17px;font-weight:bold;color:#1f3864;padding:20px 0 4px 0;">${escapeHtml(SECTION_HEADINGS[section])}</td></tr>${rows.join('')}${moreRow}`;
}

function renderHtml(content: DigestContent, subject: string, rendered: RenderedSection[], intro: string, preferences: string): string {
  const sections = rendered.map((s) => s.html).join('');
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:#f4f4f4;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f4;"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:640px;max-width:640px;background-color:#ffffff;">
<tr><td style="${FONT}font-size:20px;font-weight:bold;color:#ffffff;background-color:#1f3864;padding:16px 24px;">Consultation Calendar &ndash; ${escapeHtml(describeWeek(content.week))}</td></tr>
<tr><td style="padding:8px 24px 24px 24px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td style="${FONT}font-size:14px;line-height:20px;color:#222222;padding:12px 0 0 0;">Hello ${escapeHtml(content.member.name)},</td></tr>
<tr><td style="${FONT}font-size:14px;line-height:20px;color:#222222;padding:8px 0 0 0;">${escapeHtml(intro)}</td></tr>
${sections}
</table></td></tr>
<tr><td style="${FONT}font-size:12px;line-height:18px;color:#666666;padding:12px 24px;border-top:1px solid #e5e5e5;">${escapeHtml(preferences)}</td></tr>
</table></td></tr></table>
</body></html>
`;
}

// A pending request asks for an answer; an ended one says who ended it, and their note.
function joinRequestDetail(r: DigestJoinRequest): string {
  const note = r.endNote ? ` Their note: ${r.endNote}` : '';
  switch (r.status) {
    case 'PENDING':
      return `${r.asking} asks to join: ${r.note} Accept or decline it on the consultation's page (answerJoinRequest).`;
    case 'WITHDRAWN':
      return `${r.asking} withdrew its request to join: nothing to answer.${note}`;
    case 'LEFT':
      return `${r.asking} left it: no longer a partner; its linked part, if any, is checked for clashes again.${note}`;
    case 'REMOVED':
      return `${r.owner} ended your organisation's part in it: no longer a partner.${note}`;
  }
}

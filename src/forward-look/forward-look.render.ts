import { consultationsCalendar, FeedConsultation } from '../calendar-feeds/ical.render';
import { escapeHtml } from '../common/escape-html';
import { formatDateRange, formatLongDate, todayInLondon } from '../common/dates/calendar-date';

// The public forward look as HTML, Atom and iCalendar: pure functions of what was loaded.

/** A consultation as the public sees it: no conflict count, linked to the forward look rather than the planner. */
export type PublicConsultation = Omit<FeedConsultation, 'conflictCount' | 'url'>;

export type PublicStatement = Pick<PublicConsultation, 'id' | 'title' | 'organisation' | 'startDate' | 'endDate' | 'areas' | 'audiences'> & {
  responseCount: number;
  statement: string;
  reportUrl: string | null;
  publishedAt: Date;
};

export interface ForwardLook {
  consultations: PublicConsultation[];
  statements: PublicStatement[];
}

export interface Choices {
  areas: { code: string; name: string; level: string; parent: string | null }[];
  audiences: { code: string; name: string }[];
}

export interface Chosen {
  areaCodes: string[];
  audienceCodes: string[];
}

const TITLE = 'Consultation Network forward look';

/** The query string that gives the same selection (feeds and the CSV keep the page's filter). */
export function filterQuery(chosen: Chosen): string {
  const params = new URLSearchParams();
  if (chosen.areaCodes.length) params.set('area', chosen.areaCodes.join(','));
  if (chosen.audienceCodes.length) params.set('audience', chosen.audienceCodes.join(','));
  const query = params.toString();
  return query ? `?${query}` : '';
}

const anchor = (id: string) => `consultation-${id}`;
const responseAnchor = (id: string) => `response-${id}`;

export function renderPage(look: ForwardLook, choices: Choices, chosen: Chosen, baseUrl: string): string {
  const query = filterQuery(chosen);
  const feeds = [
    ['Calendar (iCalendar)', `/forward-look.ics${query}`],
    ['News feed (Atom)', `/forward-look.atom${query}`],
    ['Spreadsheet (CSV)', `/forward-look.csv${query}`],
  ];
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TITLE)}</title>
<link rel="stylesheet" href="/forward-look.css">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(TITLE)}" href="${escapeHtml(`${baseUrl}/forward-look.atom${query}`)}">
</head>
<body>
<a class="skip-link" href="#main">Skip to the consultations</a>
<header><p class="service">Consultation Network</p></header>
<main id="main">
<h1>Forward look: consultations planned and running</h1>
<p>Public consultations the network's member organisations have planned or are running, and what they did with what people said. Choose an area or a group of people to see what will reach them, or subscribe to the calendar or news feed.</p>
<form method="get" action="/forward-look" class="filter">
<div class="field"><label for="area">Area</label>
<select id="area" name="area"><option value="">All areas</option>${areaOptions(choices, chosen)}</select></div>
<div class="field"><label for="audience">Who is asked</label>
<select id="audience" name="audience"><option value="">Everyone</option>${choices.audiences.map((a) => option(a.code, a.name, chosen.audienceCodes)).join('')}</select></div>
<button type="submit">Show consultations</button>
</form>
<nav aria-label="Subscribe or download"><ul class="feeds">${feeds.map(([label, href]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`).join('')}</ul></nav>
<h2 id="planned">Planned and running (${look.consultations.length})</h2>
${look.consultations.length ? look.consultations.map(consultationArticle).join('\n') : '<p>None planned or running for this selection.</p>'}
<h2 id="responses">We asked, you said, we did (${look.statements.length})</h2>
${look.statements.length ? look.statements.map(statementArticle).join('\n') : '<p>No responses published for this selection yet.</p>'}
</main>
</body>
</html>
`;
}

function areaOptions(choices: Choices, chosen: Chosen): string {
  const top = choices.areas.filter((a) => a.level !== 'WARD');
  const wardsBy = new Map<string, Choices['areas']>();
  for (const ward of choices.areas.filter((a) => a.level === 'WARD')) wardsBy.set(ward.parent ?? '', [...(wardsBy.get(ward.parent ?? '') ?? []), ward]);
  const groups = [...wardsBy].map(([parent, wards]) => `<optgroup label="Wards in ${escapeHtml(parent)}">${wards.map((w) => option(w.code, w.name, chosen.areaCodes)).join('')}</optgroup>`);
  return `<optgroup label="Counties and districts">${top.map((a) => option(a.code, a.name, chosen.areaCodes)).join('')}</optgroup>${groups.join('')}`;
}

function option(code: string, name: string, chosen: string[]): string {
  return `<option value="${escapeHtml(code)}"${chosen.includes(code) ? ' selected' : ''}>${escapeHtml(name)}</option>`;
}

function consultationArticle(c: PublicConsultation): string {
  return `<article id="${anchor(c.id)}" class="consultation">
<h3>${escapeHtml(c.title)}</h3>
<dl>
<div><dt>Status</dt><dd>${c.status === 'LIVE' ? 'Running now' : 'Planned'}</dd></div>
<div><dt>Dates</dt><dd>${escapeHtml(formatDateRange(c.startDate, c.endDate))}</dd></div>
<div><dt>By</dt><dd>${escapeHtml(c.organisation)}</dd></div>
<div><dt>Who is asked</dt><dd>${escapeHtml(c.audiences.join(', '))}</dd></div>
<div><dt>Where</dt><dd>${escapeHtml(c.areas.join(', '))}</dd></div>
</dl>
${c.summary ? `<p>${escapeHtml(c.summary)}</p>` : ''}
</article>`;
}

function statementArticle(s: PublicStatement): string {
  return `<article id="${responseAnchor(s.id)}" class="response">
<h3>${escapeHtml(s.title)}</h3>
<p class="meta">${escapeHtml(s.organisation)} asked ${escapeHtml(s.audiences.join(', '))} in ${escapeHtml(s.areas.join(', '))}, ${escapeHtml(formatDateRange(s.startDate, s.endDate))}: ${s.responseCount.toLocaleString('en-GB')} responses. Published ${escapeHtml(formatLongDate(todayInLondon(s.publishedAt)))}.</p>
<p>${escapeHtml(s.statement)}</p>
${s.reportUrl ? `<p><a href="${escapeHtml(s.reportUrl)}">Read the report</a></p>` : ''}
</article>`;
}

/** RFC 4287 Atom: an entry per planned or running consultation and per published response. */
export function renderAtom(look: ForwardLook, chosen: Chosen, baseUrl: string, now: Date): string {
  const query = filterQuery(chosen);
  const page = `${baseUrl}/forward-look${query}`;
  const entries = [
    ...look.consultations.map((c) => ({
      id: `urn:uuid:${c.id}`,
      title: `${c.status === 'LIVE' ? 'Running' : 'Planned'}: ${c.title}`,
      updated: c.updatedAt,
      link: `${page}#${anchor(c.id)}`,
      author: c.organisation,
      text: `${formatDateRange(c.startDate, c.endDate)}. ${c.organisation} asks ${c.audiences.join(', ')} in ${c.areas.join(', ')}.${c.summary ? ` ${c.summary}` : ''}`,
    })),
    ...look.statements.map((s) => ({
      id: `urn:uuid:${s.id}:response`,
      title: `We asked, you said, we did: ${s.title}`,
      updated: s.publishedAt,
      link: `${page}#${responseAnchor(s.id)}`,
      author: s.organisation,
      text: s.statement,
    })),
  ];
  const updated = entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${escapeHtml(TITLE)}</title>
<id>${escapeHtml(page)}</id>
<updated>${(entries.length ? updated : now).toISOString()}</updated>
<link rel="self" href="${escapeHtml(`${baseUrl}/forward-look.atom${query}`)}"/>
<link rel="alternate" type="text/html" href="${escapeHtml(page)}"/>
${entries
  .map((e) => `<entry>
<id>${escapeHtml(e.id)}</id>
<title>${escapeHtml(e.title)}</title>
<updated>${e.updated.toISOString()}</updated>
<author><name>${escapeHtml(e.author)}</name></author>
<link rel="alternate" type="text/html" href="${escapeHtml(e.link)}"/>
<summary>${escapeHtml(e.text)}</summary>
</entry>`)
  .join('\n')}
</feed>
`;
}

/** iCalendar: consultations over their windows; a published response on the day it was published. */
export function renderCalendar(look: ForwardLook, chosen: Chosen, baseUrl: string): string {
  const page = `${baseUrl}/forward-look${filterQuery(chosen)}`;
  const items: FeedConsultation[] = [
    ...look.consultations.map((c) => ({ ...c, url: `${page}#${anchor(c.id)}` })),
    ...look.statements.map((s) => {
      const day = todayInLondon(s.publishedAt);
      return {
        ...s,
        id: `${s.id}-response`,
        title: `We asked, you said, we did: ${s.title}`,
        summary: s.statement,
        status: 'REPORTED',
        startDate: day,
        endDate: day,
        version: 0,
        createdAt: s.publishedAt,
        updatedAt: s.publishedAt,
        url: `${page}#${responseAnchor(s.id)}`,
      };
    }),
  ];
  return consultationsCalendar(items, baseUrl, TITLE);
}


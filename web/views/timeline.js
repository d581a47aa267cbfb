import { gql } from '../api.js';
import { addDays, daysBetween, formatDate, formatMonth, formatRange, formatShort, mondayOf, today } from '../dates.js';
import { notificationBanner } from '../govuk.js';
import { codesAndNames, html, options, tickets } from '../html.js';
import { LOADS } from './load-levels.js';

// The network's consultations as bars across the weeks, grouped by organisation or area, with
// the load per week for the chosen area and audience, blackout periods shaded and today marked.
const ZOOMS = { month: 5, quarter: 13, year: 52 }; // weeks shown
const state = { zoom: 'quarter', start: undefined, group: 'organisation', area: '', audience: '', organisation: '', status: '', text: '' };

export async function showTimeline(main, me) {
  document.title = 'Timeline – Consultation Calendar';
  state.start ??= mondayOf(addDays(today(), -7));
  const { areas, audiences, organisations } = await gql(`{ areas { code name level } audiences { code name } organisations { code name } }`);
  const choices = (items, chosen, all) => html`<option value="">${all}</option>${options(codesAndNames(items), chosen)}`;
  main.innerHTML = html`
    <h1>Timeline</h1>
    <div id="owed"></div>
    <form id="filters" class="filters">
      <div class="govuk-form-group field"><label for="zoom">Show</label><select id="zoom" name="zoom">${options(Object.keys(ZOOMS).map((z) => [z, `A ${z}`]), state.zoom)}</select></div>
      <div class="govuk-form-group field"><label for="group">Group by</label><select id="group" name="group"><option value="organisation">Organisation</option><option value="area" ${state.group === 'area' ? html`selected` : ''}>Area</option></select></div>
      <div class="govuk-form-group field"><label for="area">Area</label><select id="area" name="area">${choices(areas.filter((a) => a.level !== 'WARD'), state.area, 'All areas')}</select></div>
      <div class="govuk-form-group field"><label for="audience">Audience</label><select id="audience" name="audience">${choices(audiences, state.audience, 'All audiences')}</select></div>
      <div class="govuk-form-group field"><label for="organisation">Organisation</label><select id="organisation" name="organisation">${choices(organisations, state.organisation, 'All organisations')}</select></div>
      <div class="govuk-form-group field"><label for="status">Status</label><select id="status" name="status">${choices(['DRAFT', 'PLANNED', 'LIVE', 'CLOSED'].map((s) => ({ code: s, name: s[0] + s.slice(1).toLowerCase() })), state.status, 'Any status')}</select></div>
      <div class="govuk-form-group field"><label for="text">Words</label><input id="text" name="text" type="search" value="${state.text}"></div>
    </form>
    <div class="actions"><button type="button" id="earlier" class="govuk-button govuk-button--secondary">Earlier</button><button type="button" id="later" class="govuk-button govuk-button--secondary">Later</button>
      <button type="button" id="export" class="govuk-button govuk-button--secondary">Download for Excel</button></div>
    <div id="timeline" aria-live="polite"></div>`;
  const form = main.querySelector('#filters');
  form.addEventListener('change', () => {
    Object.assign(state, Object.fromEntries(new FormData(form)));
    draw(main);
  });
  main.querySelector('#earlier').addEventListener('click', () => shift(main, -1));
  main.querySelector('#later').addEventListener('click', () => shift(main, 1));
  main.querySelector('#export').addEventListener('click', () => download(filterOf(state)));
  await Promise.all([draw(main), showOwed(main.querySelector('#owed'), me)]);
}

/** The organisation's closed consultations whose response is overdue: reporting back is due within RESPONSE_DUE_WEEKS of closing. */
async function showOwed(target, me) {
  if (!me || me.role === 'VIEWER') return;
  const { consultations } = await gql(
    `query($organisation: [String!]) { consultations(first: 20, filter: { responseOverdue: true, organisationCodes: $organisation }) { totalCount edges { node { id title responseDueDate } } } }`,
    { organisation: [me.organisation.code] },
  );
  if (!consultations.totalCount) return;
  target.innerHTML = notificationBanner({
    id: 'owed',
    title: 'Responses your organisation owes',
    heading: `${consultations.totalCount === 1 ? 'A consultation has' : `${consultations.totalCount} consultations have`} closed without the response its participants were promised: record its findings and publish what you did.`,
    body: html`<ul class="govuk-list govuk-list--bullet">${consultations.edges.map(({ node }) => html`<li><a class="govuk-notification-banner__link" href="#/consultation/${node.id}">${node.title}</a> <span class="hint">(due ${formatDate(node.responseDueDate)})</span></li>`)}</ul>`,
  });
}

function shift(main, direction) {
  state.start = addDays(state.start, direction * ZOOMS[state.zoom] * 7);
  draw(main);
}

const drawing = tickets();
const PAGE = 100; // the most consultations one request lists
const MAX_SHOWN = 1000;
const PAGE_FIELDS = `pageInfo { hasNextPage endCursor } edges { node { id title startDate endDate status organisation { name } areas { name } clashSummary { high medium } } }`;

async function draw(main) {
  const ticket = drawing();
  const days = ZOOMS[state.zoom] * 7;
  const filter = filterOf(state);
  const { from, to } = filter;
  const data = await gql(
    `query($filter: ConsultationFilter, $from: Date!, $to: Date!, $areas: [String!], $audiences: [String!]) {
       consultations(filter: $filter, first: ${PAGE}) { totalCount ${PAGE_FIELDS} }
       blackoutPeriods(from: $from, to: $to) { name startDate endDate }
       calendar(from: $from, to: $to, areaCodes: $areas, audienceCodes: $audiences, granularity: WEEK) { fatigueThreshold areas { name } audiences { name } periods { start label cells { count level } } }
     }`,
    { filter, from, to, areas: [state.area || 'E10000028'], audiences: state.audience ? [state.audience] : null },
  );
  const nodes = data.consultations.edges.map((e) => e.node);
  // A county's year runs to hundreds: the rest come a page at a time, up to MAX_SHOWN.
  for (let page = data.consultations.pageInfo; page.hasNextPage && nodes.length < MAX_SHOWN && ticket.isLatest(); ) {
    const { consultations } = await gql(`query($filter: ConsultationFilter, $after: String) { consultations(filter: $filter, first: ${PAGE}, after: $after) { ${PAGE_FIELDS} } }`, {
      filter,
      after: page.endCursor,
    });
    nodes.push(...consultations.edges.map((e) => e.node));
    page = consultations.pageInfo;
  }
  if (!ticket.isLatest()) return;
  const column = (date) => Math.min(days, Math.max(0, daysBetween(from, date))) + 1;
  const span = (start, end) => `grid-column: ${column(start)} / ${column(end) + 1}`;
  const weeks = Array.from({ length: ZOOMS[state.zoom] }, (_, i) => addDays(from, i * 7));
  const groups = new Map();
  for (const c of nodes) {
    const keys = state.group === 'area' ? c.areas.map((a) => a.name) : [c.organisation.name];
    for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const now = today();
  // Rows: the axis, the load, then a group each. Today's line and the blackout periods cross the
  // groups' rows, so every row is placed by number: auto-placed, the groups would go below them.
  const sorted = [...groups].sort(([a], [b]) => a.localeCompare(b));
  const end = 3 + Math.max(sorted.length, 1);
  main.querySelector('#timeline').innerHTML = html`
    <p>${formatRange(from, to)}: ${data.consultations.totalCount} consultation${data.consultations.totalCount === 1 ? '' : 's'}${data.consultations.totalCount > nodes.length ? ` (the first ${nodes.length} shown; narrow the filters to see the rest)` : ''}.</p>
    <div class="timeline" style="--days: ${days}">
      <ol class="weeks" aria-label="${state.zoom === 'year' ? 'Months' : 'Weeks'}">${axis(weeks).map(({ first, last, label }) => html`<li style="${span(first, last)}">${label}</li>`)}</ol>
      <ol class="heat" aria-label="Load per week">${data.calendar.periods.map((p) => heatCell(p, span))}</ol>
      ${now >= from && now <= to ? html`<div class="today" style="grid-column: ${column(now)}; grid-row: 1 / ${end}" aria-hidden="true"><span>Today</span></div>` : ''}
      ${data.blackoutPeriods.map((b) => html`<div class="blackout" style="${span(b.startDate, b.endDate)}; grid-row: 3 / ${end}" aria-hidden="true"></div>`)}
      ${sorted.map(([name, items], i) => html`
        <section class="group" style="grid-row: ${3 + i}" aria-label="${name}"><h2>${name}</h2>
          <ol class="bars">${items.map((c) => bar(c, span))}</ol>
        </section>`)}
    </div>
    <div class="legend">
      <p>The figures: consultations live each week that reach ${data.calendar.audiences[0]?.name ?? 'anyone'} in ${data.calendar.areas[0].name};
        ${['LIGHT', 'AT_LIMIT', 'FATIGUE'].map((level, i) => html`${i ? ', ' : ''}<span class="key load-${LOADS[level].key}" aria-hidden="true"></span> ${level === 'AT_LIMIT' ? `${data.calendar.fatigueThreshold}, ` : ''}${LOADS[level].words}`)}.</p>
      ${data.blackoutPeriods.length ? html`<p><span class="key blackout" aria-hidden="true"></span> Blackout periods (shaded): ${data.blackoutPeriods.map((b) => `${b.name}, ${formatRange(b.startDate, b.endDate)}`).join('; ')}.</p>` : ''}
    </div>`;
}

/** The consultations filter for what the timeline shows. */
function filterOf({ start, zoom, area, audience, organisation, status, text }) {
  return {
    from: start,
    to: addDays(start, ZOOMS[zoom] * 7 - 1),
    areaCodes: area ? [area] : undefined,
    audienceCodes: audience ? [audience] : undefined,
    organisationCodes: organisation ? [organisation] : undefined,
    statuses: status ? [status] : undefined,
    text: text || undefined,
  };
}

/** What the timeline shows, every row of it, as the CSV file Excel opens (exportConsultations). */
async function download(filter) {
  const { exportConsultations: file } = await gql(`query($filter: ConsultationFilter) { exportConsultations(filter: $filter) { filename contentType content } }`, { filter });
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([file.content], { type: file.contentType })), download: file.filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000); // once the browser has taken it
}

// The axis above the bars: each week by the day it starts, or over a year (where a week's column
// is too narrow for a date) each month from the week it starts in, with the year beside January;
// a month cut to a week at either end is left unnamed, as its name would not fit.
function axis(weeks) {
  if (state.zoom !== 'year') return weeks.map((w) => ({ first: w, last: addDays(w, 6), label: formatShort(w) }));
  const starts = weeks.filter((w, i) => i === 0 || monthOf(addDays(w, 6)) !== monthOf(addDays(w, -1)));
  return starts.map((first, i) => {
    const last = starts[i + 1] ? addDays(starts[i + 1], -1) : addDays(weeks.at(-1), 6);
    const month = `${monthOf(addDays(first, 6))}-01`;
    return { first, last, label: daysBetween(first, last) < 13 ? '' : formatMonth(month, { year: month.slice(5, 7) === '01' }) };
  });
}

const monthOf = (date) => date.slice(0, 7);

function heatCell(period, span) {
  const { count = 0, level = 'NONE' } = period.cells[0] ?? {};
  return html`<li style="${span(period.start, addDays(period.start, 6))}" class="load-${LOADS[level].key}"><span class="govuk-visually-hidden">Week of ${formatDate(period.start)}: </span>${count}<span class="govuk-visually-hidden"> consultation${count === 1 ? '' : 's'}, ${LOADS[level].words}</span></li>`;
}

// The badge counts what an officer should look at: unacknowledged HIGH and MEDIUM clashes, one
// per other consultation. LOW is context, on the consultation's page, never on the bar.
function bar(c, span) {
  const { high, medium } = c.clashSummary;
  const open = high + medium;
  const worst = high ? 'high' : medium ? 'medium' : '';
  const clashes = open ? `, ${open} clash${open > 1 ? 'es' : ''} to look at` : '';
  return html`<li style="${span(c.startDate, c.endDate)}" class="bar status-${c.status.toLowerCase()} ${worst ? `clash-${worst}` : ''}">
    <a href="#/consultation/${c.id}">${c.title}<span class="govuk-visually-hidden"> (${formatRange(c.startDate, c.endDate)}, ${c.status.toLowerCase()}${clashes})</span></a>${open ? html`<span class="clash-mark clash-mark-${worst}" aria-hidden="true">${open}</span>` : ''}</li>`;
}

import { gql } from '../api.js';
import { addDays, daysBetween, formatDate, formatMonth, formatRange, formatShort, today } from '../dates.js';
import { saveFile } from '../files.js';
import { notificationBanner, SECONDARY } from '../govuk.js';
import { codesAndNames, debounce, html, options, tickets } from '../html.js';
import { LOADS } from './load-levels.js';
import { period, periodStart, VIEWS } from './periods.js';

// The network's consultations as bars across a month, quarter, calendar or financial year,
// grouped by organisation or area, with the load per week for the chosen area and audience,
// blackout periods shaded and today marked. Built to read at a network's scale (hundreds a year):
// bars that do not overlap share a row, and each title is shown whole, inside its bar or beside
// it (room for it is kept when rows are packed); hovering or focusing a bar tells its dates,
// status and clashes.
const state = { view: 'quarter', start: undefined, group: 'organisation', area: '', audience: '', organisation: '', status: '', text: '' };

export async function showTimeline(main, me) {
  document.title = 'Timeline – Consultation Calendar';
  state.start ??= periodStart(state.view, today()); // today's quarter, by the app's clock
  const { areas, audiences, organisations } = await gql(`{ areas { code name level } audiences { code name } organisations { code name } }`);
  const choices = (items, chosen, all) => html`<option value="">${all}</option>${options(codesAndNames(items), chosen)}`;
  main.innerHTML = html`
    <h1>Timeline</h1>
    <div id="owed"></div>
    <form id="filters" class="filters app-no-print">
      <div class="govuk-form-group field"><label for="zoom">Show</label><select id="zoom" name="view">${options(Object.entries(VIEWS).map(([key, v]) => [key, v.label]), state.view)}</select></div>
      <div class="govuk-form-group field"><label for="group">Group by</label><select id="group" name="group"><option value="organisation">Organisation</option><option value="area" ${state.group === 'area' ? html`selected` : ''}>Area</option></select></div>
      <div class="govuk-form-group field"><label for="area">Area</label><select id="area" name="area">${choices(areas.filter((a) => a.level !== 'WARD'), state.area, 'All areas')}</select></div>
      <div class="govuk-form-group field"><label for="audience">Audience</label><select id="audience" name="audience">${choices(audiences, state.audience, 'All audiences')}</select></div>
      <div class="govuk-form-group field"><label for="organisation">Organisation</label><select id="organisation" name="organisation">${choices(organisations, state.organisation, 'All organisations')}</select></div>
      <div class="govuk-form-group field"><label for="status">Status</label><select id="status" name="status">${choices(['DRAFT', 'PLANNED', 'LIVE', 'CLOSED'].map((s) => ({ code: s, name: s[0] + s.slice(1).toLowerCase() })), state.status, 'Any status')}</select></div>
      <div class="govuk-form-group field"><label for="text">Words</label><input id="text" name="text" type="search" value="${state.text}"></div>
    </form>
    <div class="actions app-no-print">
      <button type="button" id="earlier" class="${SECONDARY}">Earlier</button><button type="button" id="later" class="${SECONDARY}">Later</button>
      <form id="jump" class="app-jump" novalidate><label for="jump-to">Go to the date</label><input id="jump-to" name="date" type="date" value="${state.start}"><button type="submit" class="${SECONDARY}">Go</button></form>
      <button type="button" id="export" class="${SECONDARY}">Download for Excel</button></div>
    <p id="timeline-status" class="govuk-body-s" role="status"></p>
    <div id="timeline"></div>`;
  const form = main.querySelector('#filters');
  form.addEventListener('change', (event) => {
    const chosen = Object.fromEntries(new FormData(form));
    // Another view keeps the date in sight: today if it is shown, else the period's first day.
    if (event.target.name === 'view') chosen.start = periodStart(chosen.view, inView(today()) ? today() : state.start);
    Object.assign(state, chosen);
    draw(main);
  });
  main.querySelector('#jump').addEventListener('submit', (event) => {
    event.preventDefault();
    const date = new FormData(event.target).get('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    state.start = periodStart(state.view, date);
    draw(main);
  });
  main.querySelector('#earlier').addEventListener('click', () => shift(main, -1));
  main.querySelector('#later').addEventListener('click', () => shift(main, 1));
  main.querySelector('#export').addEventListener('click', () => download(filterOf(state)));
  shown = main;
  await Promise.all([draw(main), showOwed(main.querySelector('#owed'), me)]);
}

// A narrower or wider window moves where titles fit, and a printed page is narrower than the
// screen: the timeline on the page is packed again (listened for once, not on every visit).
let shown;
const packAgain = () => shown?.isConnected && drawn && layout(shown);
window.addEventListener('resize', debounce(packAgain, 200));
matchMedia('print').addEventListener('change', packAgain);

const inView = (date) => {
  const { from, to } = period(state.view, state.start);
  return date >= from && date <= to;
};

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
  state.start = period(state.view, state.start, direction).from;
  draw(main);
}

const drawing = tickets();
const PAGE = 100; // the most consultations one request lists
const MAX_SHOWN = 1000;
const PAGE_FIELDS = `pageInfo { hasNextPage endCursor } edges { node { id title startDate endDate status organisation { name } areas { name } clashSummary { high medium } } }`;
let drawn; // what the last draw fetched, laid out again when the window's width changes

async function draw(main) {
  const ticket = drawing();
  const filter = filterOf(state);
  const { from, to } = filter;
  main.querySelector('#jump-to').value = from; // now, not once drawn: by then the member may be typing another
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
  drawn = { from, to, view: state.view, group: state.group, data, nodes };
  const total = data.consultations.totalCount;
  main.querySelector('#timeline-status').textContent =
    `${formatRange(from, to)}: ${total} consultation${total === 1 ? '' : 's'}${total > nodes.length ? ` (the first ${nodes.length} shown; narrow the filters to see the rest)` : ''}.`;
  layout(main);
}

// Room on a phone: a day is 6 px and the timeline scrolls within itself (timeline.css).
const NARROW = '(max-width: 40.0625em)';
const NARROW_DAY_PX = 6;

function layout(main) {
  const { from, to, view, data, nodes } = drawn;
  const target = main.querySelector('#timeline');
  const days = daysBetween(from, to) + 1;
  const dayPx = matchMedia(NARROW).matches ? NARROW_DAY_PX : target.clientWidth / days;
  const measure = textWidth(target);
  const column = (date) => Math.min(days, Math.max(0, daysBetween(from, date))) + 1;
  const span = (start, end) => `grid-column: ${column(start)} / ${column(end) + 1}`;
  const groups = new Map();
  for (const c of nodes) {
    const keys = drawn.group === 'area' ? c.areas.map((a) => a.name) : [c.organisation.name];
    for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const now = today();
  // Rows: the axis, the load, then a group each. Today's line and the blackout periods cross the
  // groups' rows, so every row is placed by number: auto-placed, the groups would go below them.
  const sorted = [...groups].sort(([a], [b]) => a.localeCompare(b));
  const end = 3 + Math.max(sorted.length, 1);
  target.innerHTML = html`
    <div class="timeline" style="--days: ${days}">
      <ol class="weeks" aria-label="${view === 'year' || view === 'financial-year' ? 'Months' : 'Weeks'}">${axis(view, from, to).map(({ first, last, label }) => html`<li style="${span(first, last)}">${label}</li>`)}</ol>
      <ol class="heat" aria-label="Load per week">${data.calendar.periods.map((p) => heatCell(p, span))}</ol>
      ${now >= from && now <= to ? html`<div class="today" style="grid-column: ${column(now)}; grid-row: 1 / ${end}" aria-hidden="true"><span>Today</span></div>` : ''}
      ${data.blackoutPeriods.map((b) => html`<div class="blackout" style="${span(b.startDate, b.endDate)}; grid-row: 3 / ${end}" aria-hidden="true"></div>`)}
      ${sorted.map(([name, items], i) => {
        const rows = packRows(items, { from, days, dayPx, measure });
        return html`<section class="group" style="grid-row: ${3 + i}" aria-label="${name}"><h2>${name}</h2>
          <ol class="bars">${rows.map((placed) => bar(placed, span))}</ol>
        </section>`;
      })}
    </div>
    <div class="legend">
      <p>Each bar is a consultation, its title inside it or just after it; hover over or move to one for its dates, status and clashes.
        A dashed bar is a draft, a darker one is live; a red or amber edge and <span class="clash-mark">2</span> say how many high or medium clashes nobody has acknowledged yet.</p>
      <p>The figures: consultations live each week that reach ${data.calendar.audiences[0]?.name ?? 'anyone'} in ${data.calendar.areas[0].name};
        ${['LIGHT', 'AT_LIMIT', 'FATIGUE'].map((level, i) => html`${i ? ', ' : ''}<span class="key load-${LOADS[level].key}" aria-hidden="true"></span> ${level === 'AT_LIMIT' ? `${data.calendar.fatigueThreshold}, ` : ''}${LOADS[level].words}`)}.</p>
      ${data.blackoutPeriods.length ? html`<p><span class="key blackout" aria-hidden="true"></span> Blackout periods (shaded): ${data.blackoutPeriods.map((b) => `${b.name}, ${formatRange(b.startDate, b.endDate)}`).join('; ')}.</p>` : ''}
    </div>`;
}

// Space between one title's end and the next bar in its row, and a bar's padding, in pixels.
const GAP_PX = 12;
const PADDING_PX = 10;

/**
 * The group's bars in rows: each goes in the first row where it, and its title, are clear of the
 * bar before; a title wider than its bar runs on beyond the bar's end (or, at the view's end, is
 * moved back to fit), and that room is kept. A title wider than the whole view is cut, whole in
 * its tooltip and its name.
 */
function packRows(items, { from, days, dayPx, measure }) {
  const rowsEnd = []; // per row, the first free day
  const placed = [...items]
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.endDate.localeCompare(b.endDate))
    .map((c) => {
      const first = Math.max(0, daysBetween(from, c.startDate));
      const last = Math.min(days, daysBetween(from, c.endDate) + 1);
      const open = c.clashSummary.high + c.clashSummary.medium;
      const labelDays = Math.ceil((measure(c.title) + (open ? measure(String(open)) + 12 : 0) + PADDING_PX) / dayPx);
      const labelFrom = Math.max(0, Math.min(first, days - labelDays));
      const taken = [Math.min(first, labelFrom), Math.max(last, labelFrom + labelDays)];
      let row = rowsEnd.findIndex((free) => free <= taken[0]);
      if (row < 0) row = rowsEnd.push(0) - 1;
      rowsEnd[row] = taken[1] + Math.ceil(GAP_PX / dayPx);
      // Where the title starts from the bar's start, in pixels (negative: moved back before the bar).
      const shift = (labelFrom - first) * dayPx;
      // A title wider than the whole view is cut at the view's end.
      return { c, row, shift, room: labelDays > days ? Math.floor((days - first) * dayPx - PADDING_PX) : undefined };
    });
  return placed;
}

/** The width in pixels of a title as the bars show it (their font, measured once per layout). */
function textWidth(container) {
  const probe = Object.assign(document.createElement('span'), { className: 'bar-label' });
  container.append(probe);
  const font = getComputedStyle(probe).font;
  probe.remove();
  const context = document.createElement('canvas').getContext('2d');
  context.font = font;
  return (text) => context.measureText(text).width;
}

/** The consultations filter for what the timeline shows. */
function filterOf({ start, view, area, audience, organisation, status, text }) {
  return {
    ...period(view, start),
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
  saveFile(file.filename, file.content, file.contentType);
}

// The axis above the bars: over a year, each month (with the year beside January and at the
// start); over a month or quarter, each week by the day it starts (the first from the period's
// first day).
function axis(view, from, to) {
  const starts = [];
  if (view === 'year' || view === 'financial-year') {
    for (let month = from; month <= to; month = period('month', month, 1).from) starts.push(month);
    return starts.map((first, i) => ({ first, last: period('month', first).to, label: formatMonth(first, { year: i === 0 || first.slice(5, 7) === '01' }) }));
  }
  for (let day = from; day <= to; day = addDays(day, 1)) if (day === from || new Date(`${day}T00:00:00Z`).getUTCDay() === 1) starts.push(day);
  return starts.map((first, i) => {
    const last = starts[i + 1] ? addDays(starts[i + 1], -1) : to;
    // A stub of a week (a day or two at the end of a month) is left unnamed: its date would not fit.
    return { first, last, label: daysBetween(first, last) < 2 ? '' : formatShort(first) };
  });
}

function heatCell(period, span) {
  const { count = 0, level = 'NONE' } = period.cells[0] ?? {};
  return html`<li style="${span(period.start, addDays(period.start, 6))}" class="load-${LOADS[level].key}"><span class="govuk-visually-hidden">Week of ${formatDate(period.start)}: </span>${count}<span class="govuk-visually-hidden"> consultation${count === 1 ? '' : 's'}, ${LOADS[level].words}</span></li>`;
}

// The badge counts what an officer should look at: unacknowledged HIGH and MEDIUM clashes, one
// per other consultation. LOW is context, on the consultation's page, never on the bar. It comes
// before the title, never over it.
function bar({ c, row, shift, room }, span) {
  const { high, medium } = c.clashSummary;
  const open = high + medium;
  const worst = high ? 'high' : medium ? 'medium' : '';
  const clashes = open ? `, ${open} clash${open > 1 ? 'es' : ''} to look at` : '';
  const detail = `${formatRange(c.startDate, c.endDate)}, ${c.status.toLowerCase()}${clashes}`;
  return html`<li style="${span(c.startDate, c.endDate)}; grid-row: ${row + 1}; --label-shift: ${shift.toFixed(1)}px" class="bar status-${c.status.toLowerCase()} ${worst ? `clash-${worst}` : ''}">
    <a href="#/consultation/${c.id}" title="${c.title} (${detail})"><span class="bar-label" ${room ? html`style="max-width: ${room}px"` : ''}>${open ? html`<span class="clash-mark clash-mark-${worst}" aria-hidden="true">${open}</span>` : ''}${c.title}</span><span class="bar-detail"> (${detail})</span></a></li>`;
}

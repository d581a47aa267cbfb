import { gql } from '../api.js';
import { formatRange } from '../dates.js';
import { pagination } from '../govuk.js';
import { codesAndNames, html, options, tickets } from '../html.js';
import { acknowledgeAll, clashGroup, CONFLICT_FIELDS, groupByPair, UNPAIRED_HEADINGS, wireClashActions } from './clashes.js';

// The clashes kept between registered consultations (the conflicts query): by default those of
// the member's organisation that nobody has acknowledged yet, on what is planned or live, HIGH
// and MEDIUM (LOW on request), most severe first, one per pair of consultations with all its
// conflicts, listed under the consultation they are on. An officer works through them here;
// anyone can look at the whole network's.
const PAGE_SIZE = 50;
const SEVERITIES = { '': 'High and medium', HIGH: 'High', MEDIUM: 'Medium' };
const STANDINGS = { open: 'Not yet acknowledged', acknowledged: 'Acknowledged', all: 'All' };
const state = { organisationCode: undefined, severity: '', low: false, standing: 'open', closed: false };
// The page shown and the cursor each page starts after (the API pages forward only): kept for
// Previous, emptied when a filter changes.
const paging = { page: 1, after: [undefined] };

export async function showNetworkClashes(main, me) {
  document.title = 'Clashes – Consultation Calendar';
  state.organisationCode ??= me.organisation.code;
  const { organisations } = await gql(`{ organisations { code name } }`);
  main.innerHTML = html`
    <h1>Clashes</h1>
    <p>The clashes kept between registered consultations, most severe first, each with everything the two have in common. Acknowledge one to say why it is acceptable; a HIGH one must be before its consultation can launch. Low clashes are context, shown when you ask.</p>
    <form id="clash-filters" class="filters">
      <div class="govuk-form-group field"><label for="clash-organisation">Organisation</label><select id="clash-organisation" name="organisationCode">${options([['', 'All organisations'], ...codesAndNames(organisations)], state.organisationCode)}</select></div>
      <div class="govuk-form-group field"><label for="clash-severity">Severity</label><select id="clash-severity" name="severity">${options(Object.entries(SEVERITIES), state.severity)}</select></div>
      <div class="govuk-form-group field"><label for="clash-standing">Show</label><select id="clash-standing" name="standing">${options(Object.entries(STANDINGS), state.standing)}</select></div>
      <label class="check"><input type="checkbox" name="low" ${state.low ? html`checked` : ''}> Show low clashes too</label>
      <label class="check"><input type="checkbox" name="closed" ${state.closed ? html`checked` : ''}> Include closed consultations</label>
    </form>
    <p id="clash-error" class="error" role="alert" hidden></p>
    <div id="clash-list" aria-live="polite"></div>`;
  const filters = main.querySelector('#clash-filters');
  filters.addEventListener('change', () => {
    const data = new FormData(filters);
    Object.assign(state, { organisationCode: data.get('organisationCode'), severity: data.get('severity'), low: data.has('low'), standing: data.get('standing'), closed: data.has('closed') });
    Object.assign(paging, { page: 1, after: [undefined] });
    showList(main, me);
  });
  await showList(main, me);
}

const listing = tickets();

async function showList(main, me) {
  const ticket = listing();
  const target = main.querySelector('#clash-list');
  target.setAttribute('aria-busy', 'true'); // until the list for these filters is drawn
  const filter = {
    organisationCodes: state.organisationCode ? [state.organisationCode] : undefined,
    severities: [...(state.severity ? [state.severity] : ['HIGH', 'MEDIUM']), ...(state.low ? ['LOW'] : [])],
    acknowledged: { open: false, acknowledged: true, all: undefined }[state.standing],
    statuses: state.closed ? ['PLANNED', 'LIVE', 'CLOSED'] : ['PLANNED', 'LIVE'],
  };
  const { conflicts } = await gql(
    `query($filter: ConflictFilter, $first: Int, $after: String) { conflicts(filter: $filter, first: $first, after: $after) {
       totalCount pageInfo { hasNextPage endCursor }
       edges { node { ${CONFLICT_FIELDS} consultation { id title startDate endDate organisation { code name } } } } } }`,
    { filter, first: PAGE_SIZE, after: paging.after[paging.page - 1] },
  );
  if (!ticket.isLatest()) return;
  paging.after[paging.page] = conflicts.pageInfo.endCursor;
  const shown = conflicts.edges.map((edge) => edge.node);
  const groups = groupByPair(shown);
  const pages = Math.max(1, Math.ceil(conflicts.totalCount / PAGE_SIZE));
  const mayAcknowledge = (group) => me.role !== 'VIEWER' && group.consultation.organisation.code === me.organisation.code;
  const first = (paging.page - 1) * PAGE_SIZE + 1;
  target.innerHTML = shown.length
    ? html`<p id="clash-count" tabindex="-1">${groups.length === 1 ? '1 clash' : `${groups.length} clashes`}${pages > 1 ? `, from reasons ${first} to ${first + shown.length - 1} of the ${conflicts.totalCount} found (page ${paging.page} of ${pages}; a clash whose reasons fall on two pages shows on both)` : ''}.</p>
      ${byConsultation(groups).map(({ consultation, groups: its }) => consultationEntry(consultation, its, mayAcknowledge(its[0])))}
      ${pagination({ page: paging.page, pages, href: '#clash-list' })}`
    : html`<p class="all-clear">No clashes match.</p>`;
  target.removeAttribute('aria-busy');
  for (const link of target.querySelectorAll('.govuk-pagination a[data-page]')) {
    link.addEventListener('click', async (event) => {
      event.preventDefault(); // the address stays the Clashes page's
      paging.page = Number(link.dataset.page);
      await showList(main, me);
      main.querySelector('#clash-count')?.focus(); // the new page read from its start
    });
  }
  wireClashActions(target, () => showList(main, me), (error) => {
    const problem = main.querySelector('#clash-error');
    problem.textContent = error.message;
    problem.hidden = false;
  });
}

const headingOf = ({ other, conflicts }) => (other ? html`With <a href="#/consultation/${other.id}">${other.title}</a>` : UNPAIRED_HEADINGS[conflicts[0].kind]);

/** The groups under the consultation they are on, that consultation's most urgent first (the order given). */
function byConsultation(groups) {
  const entries = new Map();
  for (const group of groups) {
    const entry = entries.get(group.consultation.id) ?? { consultation: group.consultation, groups: [] };
    entry.groups.push(group);
    entries.set(group.consultation.id, entry);
  }
  return [...entries.values()];
}

// One consultation: its clashes one per other consultation, each acknowledged with one note, and
// (when it has several open) all of them with one note behind a disclosure.
const consultationEntry = (c, groups, canAcknowledge) => html`<section class="clash-consultation" aria-labelledby="on-${c.id}">
    <h2 id="on-${c.id}" class="clash-consultation__title">On <a href="#/consultation/${c.id}">${c.title}</a> <span class="clash-consultation__context">(${c.organisation.name}, ${formatRange(c.startDate, c.endDate)})</span></h2>
    <ul class="clashes">${groups.map((group) => clashGroup(group, { heading: headingOf(group), canAcknowledge }))}</ul>
    ${canAcknowledge ? acknowledgeAll(groups, `all-${c.id}`) : ''}
  </section>`;

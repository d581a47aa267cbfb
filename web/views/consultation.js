import { gql } from '../api.js';
import { formatDate, formatRange } from '../dates.js';
import { html } from '../html.js';
import { acknowledgeAll, byUrgency, clashGroup, CONFLICT_FIELDS, UNPAIRED_HEADINGS, unpairedGroup, wireClashActions } from './clashes.js';

// One consultation: its details, its clashes (one per other consultation, acknowledged a clash
// or all at a time, LOW ones on request), its status changes (launch, close, cancel) and, for
// coordinators, its audit trail.
const STATUS_NAMES = { DRAFT: 'Draft', PLANNED: 'Planned', LIVE: 'Live', CLOSED: 'Closed', CANCELLED: 'Cancelled' };
const CLASH_SUMMARY = `clashSummary { high medium low
  pairs { severity settled other { id title organisation { name } } conflicts { ${CONFLICT_FIELDS} } }
  unpaired { ${CONFLICT_FIELDS} } }`;
let showLow = false; // LOW is context: shown on request, and kept so while the member moves around

export async function showConsultation(main, me, id) {
  let c;
  try {
    ({ consultation: c } = await gql(
      `query($id: ID!) { consultation(id: $id) { id title summary status startDate endDate topics channels organisation { name code }
         leadOfficer { name email } areas { name } audiences { name } ${CLASH_SUMMARY} } }`,
      { id },
    ));
  } catch (error) {
    main.innerHTML = html`<h1>Consultation not found</h1><p>${error.message}</p><p><a href="#/timeline">Back to the timeline</a></p>`;
    return;
  }
  document.title = `${c.title} – Consultation Calendar`;
  const own = c.organisation.code === me.organisation.code;
  main.innerHTML = html`
    <h1>${c.title}</h1>
    <p class="status status-${c.status.toLowerCase()}">${STATUS_NAMES[c.status]}</p>
    <dl class="details">
      <dt>Dates</dt><dd>${formatRange(c.startDate, c.endDate)}</dd>
      <dt>Organisation</dt><dd>${c.organisation.name}</dd>
      ${c.leadOfficer ? html`<dt>Lead officer</dt><dd>${c.leadOfficer.name} (<a href="mailto:${c.leadOfficer.email}">${c.leadOfficer.email}</a>)</dd>` : ''}
      <dt>Areas</dt><dd>${c.areas.map((a) => a.name).join(', ')}</dd>
      <dt>Audiences</dt><dd>${c.audiences.map((a) => a.name).join(', ')}</dd>
      ${c.topics.length ? html`<dt>Topics</dt><dd>${c.topics.join(', ')}</dd>` : ''}
      ${c.summary ? html`<dt>Summary</dt><dd>${c.summary}</dd>` : ''}
    </dl>
    ${own && ['DRAFT', 'PLANNED', 'LIVE'].includes(c.status) ? html`<div class="actions">
      <a class="button secondary" href="#/plan/${c.id}">Change details or dates</a>
      ${c.status === 'PLANNED' ? html`<button type="button" data-action="launchConsultation">Launch</button>` : ''}
      ${c.status === 'LIVE' ? html`<button type="button" data-action="closeConsultation">Close</button>` : ''}
      <button type="button" class="secondary" data-action="cancelConsultation">Cancel consultation</button>
    </div>` : ''}
    <p id="action-error" class="error" role="alert" hidden></p>
    <section aria-labelledby="clashes-heading">
      <h2 id="clashes-heading">Clashes</h2>
      <div id="clash-groups"></div>
    </section>
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">In your calendar</h2>
      <p>Subscribe to the network's consultations in Outlook or Google Calendar with a personal feed.</p>
      <button type="button" id="create-feed" class="secondary">Create a calendar feed</button>
      <p id="feed" aria-live="polite"></p>
    </section>
    <section aria-labelledby="audit-heading"><h2 id="audit-heading">History</h2><div id="audit"></div></section>`;

  main.querySelectorAll('button[data-action]').forEach((button) =>
    button.addEventListener('click', () => {
      // Cancelling cannot be undone, and the whole network sees it: ask first.
      if (button.dataset.action === 'cancelConsultation' && !confirm(`Cancel “${c.title}”? The whole network will see it as cancelled, and it cannot be undone.`)) return;
      changeStatus(main, me, c.id, button.dataset.action);
    }),
  );
  drawClashes(main.querySelector('#clash-groups'), c.clashSummary, me.role !== 'VIEWER', () => showConsultation(main, me, id), (error) => showActionError(main, error));
  main.querySelector('#create-feed').addEventListener('click', () => createFeed(main));
  await showAudit(main.querySelector('#audit'), c.id);
}

// The clashes as groups, the worst first: HIGH and MEDIUM always, LOW when asked for.
function drawClashes(target, summary, canAcknowledge, done, failed) {
  const all = byUrgency([
    ...summary.pairs.map((pair) => ({ ...pair, heading: pair.other ? html`With <a href="#/consultation/${pair.other.id}">${pair.other.title}</a> (${pair.other.organisation.name})` : 'With another consultation' })),
    ...summary.unpaired.map((conflict) => ({ ...unpairedGroup(conflict), heading: UNPAIRED_HEADINGS[conflict.kind] })),
  ]);
  const shown = all.filter((g) => showLow || g.severity !== 'LOW');
  const lows = all.filter((g) => g.severity === 'LOW').length;
  const open = summary.high + summary.medium;
  if (!all.length) {
    target.innerHTML = html`<p class="all-clear">No clashes.</p>`;
    return;
  }
  target.innerHTML = html`
    <p>${open ? `${open} ${open === 1 ? 'clash' : 'clashes'} to look at: ${summary.high} high, ${summary.medium} medium.` : 'No high or medium clash to look at.'}</p>
    ${lows ? html`<label class="check"><input type="checkbox" id="show-low" ${showLow ? html`checked` : ''}> Show low clashes (${lows}, context only)</label>` : ''}
    ${canAcknowledge ? acknowledgeAll(shown) : ''}
    ${shown.length ? html`<ul class="clashes">${shown.map((group) => clashGroup(group, { heading: group.heading, canAcknowledge }))}</ul>` : ''}`;
  target.querySelector('#show-low')?.addEventListener('change', (event) => {
    showLow = event.target.checked;
    drawClashes(target, summary, canAcknowledge, done, failed);
  });
  wireClashActions(target, done, failed);
}

async function changeStatus(main, me, id, mutation) {
  try {
    await gql(`mutation($id: ID!) { ${mutation}(id: $id) { id status } }`, { id });
    await showConsultation(main, me, id);
  } catch (error) {
    showActionError(main, error);
  }
}

function showActionError(main, error) {
  const target = main.querySelector('#action-error');
  target.textContent = error.message;
  target.hidden = false;
  target.focus?.();
}

async function createFeed(main) {
  const { createCalendarFeed } = await gql(`mutation { createCalendarFeed(label: "Planner") { consultationsUrl } }`);
  main.querySelector('#feed').innerHTML = html`Your feed (keep it private): <a href="${createCalendarFeed.consultationsUrl}">${createCalendarFeed.consultationsUrl}</a>`;
}

async function showAudit(target, id) {
  try {
    const { auditLog } = await gql(`query($id: String!) { auditLog(filter: { entityType: "consultation", entityId: $id }, first: 50) { edges { node { at actorLabel action } } } }`, { id });
    target.innerHTML = html`<ul class="audit">${auditLog.edges.map(({ node }) => html`<li>${formatDate(node.at.slice(0, 10))}: ${node.action.replace('consultation.', '')} by ${node.actorLabel}</li>`)}</ul>`;
  } catch (error) {
    target.innerHTML = html`<p class="hint">${error.code === 'FORBIDDEN' ? 'Only network coordinators can read the history of changes.' : error.message}</p>`;
  }
}

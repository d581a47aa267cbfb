import { gql } from '../api.js';
import { formatDate, formatRange } from '../dates.js';
import { BUTTON, errorSummary, SECONDARY, summaryList, tag, WARNING } from '../govuk.js';
import { html } from '../html.js';
import { ADVICE_FIELDS, adviceSection } from './advice.js';
import { CHANNELS } from './channels.js';
import { acknowledgeAll, byUrgency, clashGroup, CONFLICT_FIELDS, UNPAIRED_HEADINGS, unpairedGroup, wireClashActions } from './clashes.js';
import { drawPartners, PARTNER_FIELDS } from './partners.js';
import { PROTECTION_FIELDS, protectionSection, wireProtection } from './protection.js';
import { REVIEW_FIELDS, reviewRefusal, reviewSection } from './review-status.js';

// One consultation: its details, its clashes (one per other consultation, acknowledged a clash
// or all at a time, LOW ones on request), its status changes (launch, close, cancel) and, for
// coordinators, its audit trail; its partners and requests to join it (partners.js); its
// protected window, set by a coordinator (protection.js).
const STATUS_NAMES = { DRAFT: 'Draft', PLANNED: 'Planned', LIVE: 'Live', CLOSED: 'Closed', CANCELLED: 'Cancelled' };
const STATUS_COLOURS = { DRAFT: 'grey', PLANNED: 'blue', LIVE: 'green', CLOSED: 'grey', CANCELLED: 'red' };
const CLASH_SUMMARY = `clashSummary { high medium low
  pairs { severity settled other { id title organisation { name } } conflicts { ${CONFLICT_FIELDS} } }
  unpaired { ${CONFLICT_FIELDS} } }`;
let showLow = false; // LOW is context: shown on request, and kept so while the member moves around

export async function showConsultation(main, me, id) {
  let c;
  try {
    ({ consultation: c } = await gql(
      `query($id: ID!) { consultation(id: $id) { id title summary status startDate endDate decisionDate shortPeriodReason topics channels statutory expectedRespondents organisation { name code }
         leadOfficer { name email } areas { name } audiences { name } ${CLASH_SUMMARY} ${PARTNER_FIELDS} ${REVIEW_FIELDS} ${PROTECTION_FIELDS} advice { ${ADVICE_FIELDS} } } }`,
      { id },
    ));
  } catch (error) {
    main.innerHTML = html`<h1>Consultation not found</h1><p>${error.message}</p><p><a href="#/timeline">Back to the timeline</a></p>`;
    return;
  }
  document.title = `${c.title} – Consultation Calendar`;
  const own = c.organisation.code === me.organisation.code;
  main.innerHTML = html`
    <div id="action-error"></div>
    <span class="govuk-caption-l">${c.organisation.name}</span>
    <h1 class="govuk-heading-l">${c.title}</h1>
    <p class="status">${tag(STATUS_NAMES[c.status], STATUS_COLOURS[c.status])}</p>
    ${summaryList([
      ['Dates', formatRange(c.startDate, c.endDate)],
      ['Organisation', c.organisation.name],
      ['Lead officer', c.leadOfficer ? html`${c.leadOfficer.name} (<a href="mailto:${c.leadOfficer.email}">${c.leadOfficer.email}</a>)` : ''],
      ['Areas', c.areas.map((a) => a.name).join(', ')],
      ['Audiences', c.audiences.map((a) => a.name).join(', ')],
      ['Channels', c.channels.length ? c.channels.map((code) => CHANNELS[code] ?? code).join(', ') : 'None given'],
      ['Statutory', c.statutory ? 'Yes, required by law' : 'No'],
      ['Decision due', c.decisionDate ? formatDate(c.decisionDate) : ''],
      ['Reason for a shorter period', c.shortPeriodReason],
      ['Expected respondents', c.expectedRespondents === null ? 'Not given' : c.expectedRespondents.toLocaleString('en-GB')],
      ['Topics', c.topics.join(', ')],
      ['Summary', c.summary],
    ])}
    ${own && ['DRAFT', 'PLANNED', 'LIVE'].includes(c.status) ? html`<div class="govuk-button-group actions">
      ${c.status === 'PLANNED' ? html`<button type="button" class="${BUTTON}" data-action="launchConsultation">Launch</button>` : ''}
      ${c.status === 'LIVE' ? html`<button type="button" class="${BUTTON}" data-action="closeConsultation">Close</button>` : ''}
      <a class="${SECONDARY}" href="#/plan/${c.id}">Change details or dates</a>
      <button type="button" class="${WARNING}" data-action="cancelConsultation">Cancel consultation</button>
    </div>` : ''}
    ${protectionSection(c, me)}
    ${reviewSection(c.review, me)}
    ${adviceSection(c.advice)}
    <section aria-labelledby="clashes-heading">
      <h2 id="clashes-heading">Clashes</h2>
      <div id="clash-groups"></div>
    </section>
    <section aria-labelledby="partners-heading">
      <h2 id="partners-heading">Partners</h2>
      <div id="partners"></div>
    </section>
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">In your calendar</h2>
      <p>See the network's consultations in Outlook or Google Calendar: <a href="#/feed">subscribe with a personal calendar feed</a>.</p>
    </section>
    <section aria-labelledby="audit-heading"><h2 id="audit-heading">History</h2><div id="audit"></div></section>`;

  wireProtection(main, c, () => showConsultation(main, me, id));
  main.querySelectorAll('button[data-action]').forEach((button) =>
    button.addEventListener('click', () => {
      // Cancelling cannot be undone, and the whole network sees it: ask first.
      if (button.dataset.action === 'cancelConsultation' && !confirm(`Cancel “${c.title}”? The whole network will see it as cancelled, and it cannot be undone.`)) return;
      changeStatus(main, me, c.id, button.dataset.action);
    }),
  );
  // From a clash of its own plan, an officer may ask to join the other consultation instead.
  const askToJoin = (other) =>
    own && me.role !== 'VIEWER' && other.organisation.name !== c.organisation.name ? html`<p class="ask-to-join"><a href="#/consultation/${other.id}/join/${c.id}">Ask to join ${other.title} instead</a></p>` : '';
  drawClashes(main.querySelector('#clash-groups'), c.clashSummary, me.role !== 'VIEWER', () => showConsultation(main, me, id), (error) => showActionError(main, error), askToJoin);
  await drawPartners(main.querySelector('#partners'), me, c, () => showConsultation(main, me, id));
  await showAudit(main.querySelector('#audit'), c.id);
}

// The clashes as groups, the worst first: HIGH and MEDIUM always, LOW when asked for.
function drawClashes(target, summary, canAcknowledge, done, failed, askToJoin) {
  const all = byUrgency([
    ...summary.pairs.map((pair) => ({ ...pair, heading: pair.other ? html`With <a href="#/consultation/${pair.other.id}">${pair.other.title}</a> (${pair.other.organisation.name})` : 'With another consultation', join: pair.other ? askToJoin(pair.other) : '' })),
    ...summary.unpaired.map((conflict) => ({ ...unpairedGroup(conflict), heading: UNPAIRED_HEADINGS[conflict.kind], anchor: conflict.id })),
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
    ${shown.length ? html`<ul class="clashes">${shown.map((group) => clashGroup(group, { heading: group.heading, context: group.join ?? '', canAcknowledge, anchor: group.other?.id ?? group.anchor }))}</ul>` : ''}`;
  target.querySelector('#show-low')?.addEventListener('change', (event) => {
    showLow = event.target.checked;
    drawClashes(target, summary, canAcknowledge, done, failed, askToJoin);
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

/**
 * A refused change as an error summary. A launch refused for unacknowledged HIGH clashes lists
 * each other consultation (or blackout period) once, linking to its clash below.
 */
function showActionError(main, error) {
  const target = main.querySelector('#action-error');
  const clashes = error.code === 'CONFLICT_UNACKNOWLEDGED' ? error.extensions.clashes ?? [] : [];
  target.innerHTML = error.code === 'REVIEW_REQUIRED' ? reviewRefusal(error.extensions) : clashes.length
    ? errorSummary(
        clashes.map((clash) => ({
          text: `Acknowledge the high clash ${clash.otherId || clash.blackoutId ? clash.with : `over ${clash.with}`}, or change the plan`,
          href: `#clash-with-${clash.otherId ?? clash.conflictIds[0]}`,
        })),
        `This consultation cannot be launched until ${clashes.length === 1 ? 'its high clash is' : `its ${clashes.length} high clashes are`} acknowledged`,
      )
    : errorSummary([{ text: error.message }]);
  // Its links go to the clash (or the review) within this page, not to another address of the planner.
  for (const link of target.querySelectorAll('a[href^="#clash-with-"], a[href="#review"]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const heading = main.querySelector(`${link.getAttribute('href')} :is(h2, h3)`);
      heading?.setAttribute('tabindex', '-1');
      heading?.focus();
    });
  }
  const summary = target.querySelector('.govuk-error-summary');
  summary.setAttribute('tabindex', '-1');
  summary.focus();
}

async function showAudit(target, id) {
  try {
    const { auditLog } = await gql(`query($id: String!) { auditLog(filter: { entityType: "consultation", entityId: $id }, first: 50) { edges { node { at actorLabel action } } } }`, { id });
    target.innerHTML = html`<ul class="audit">${auditLog.edges.map(({ node }) => html`<li>${formatDate(node.at.slice(0, 10))}: ${node.action.replace('consultation.', '')} by ${node.actorLabel}</li>`)}</ul>`;
  } catch (error) {
    target.innerHTML = html`<p class="govuk-hint hint">${error.code === 'FORBIDDEN' ? 'Only network coordinators can read the history of changes.' : error.message}</p>`;
  }
}

import { gql } from '../api.js';
import { today } from '../dates.js';
import { html } from '../html.js';
import { areaChoices, audienceChoices, picker, REFERENCE_QUERY, searchPickers } from './pickers.js';

// The member's weekly digest: what it covers (their preferences) and this week's, as it would be
// sent now. The preview is the email's own HTML, in a sandboxed frame.
const PREFERENCES = `enabled allClear areas { code } audiences { code }`;

export async function showDigest(main, me) {
  document.title = 'My weekly digest – Consultation Calendar';
  const [{ areas, audiences }, { myDigestPreferences: preferences }] = await Promise.all([gql(REFERENCE_QUERY), gql(`{ myDigestPreferences { ${PREFERENCES} } }`)]);
  const codes = (list) => list.map((item) => item.code);
  main.innerHTML = html`
    <h1>My weekly digest</h1>
    <p>Once a week (Monday morning, unless your network has set another time), one email: new consultations touching your areas and audiences, unresolved clashes involving your organisation, launches in the coming weeks and the network's hot spots.</p>
    <form id="preferences" class="stack">
      <label class="check"><input type="checkbox" name="enabled" ${preferences.enabled ? html`checked` : ''}> Send me the weekly digest</label>
      <label class="check"><input type="checkbox" name="allClear" ${preferences.allClear ? html`checked` : ''}> Also in weeks with nothing to report (a short all-clear)</label>
      <p class="govuk-hint hint">Choose none for the whole network and everyone.</p>
      ${picker('areaCodes', 'Areas', areaChoices(areas), codes(preferences.areas))}
      ${picker('audienceCodes', 'Audiences', audienceChoices(audiences), codes(preferences.audiences))}
      <div class="actions"><button type="submit" class="govuk-button">Save</button></div>
      <p id="saved" role="status"></p>
    </form>
    <section aria-labelledby="preview-heading"><h2 id="preview-heading">This week's digest</h2><div id="preview" aria-live="polite"></div></section>
    ${me.role === 'COORDINATOR' ? html`<section aria-labelledby="deliveries-heading"><h2 id="deliveries-heading">The network's digests this week</h2><div id="deliveries" aria-live="polite"></div></section>` : ''}`;
  const form = main.querySelector('#preferences');
  searchPickers(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(main, form);
  });
  await showPreview(main);
  if (me.role === 'COORDINATOR') await showDeliveries(main);
}

async function save(main, form) {
  const data = new FormData(form);
  const input = { enabled: data.has('enabled'), allClear: data.has('allClear'), areaCodes: data.getAll('areaCodes'), audienceCodes: data.getAll('audienceCodes') };
  const status = main.querySelector('#saved');
  try {
    await gql(`mutation($input: DigestPreferencesInput!) { updateMyDigestPreferences(input: $input) { ${PREFERENCES} } }`, { input });
    await showPreview(main);
    status.textContent = 'Saved. The preview below now follows your choices.';
    status.className = '';
  } catch (error) {
    status.textContent = error.message;
    status.className = 'error';
  }
}

async function showPreview(main) {
  // This week by the browser's clock, as the deliveries below are.
  const { digestPreview: digest } = await gql(`query($weekOf: Date) { digestPreview(weekOf: $weekOf) { subject html } }`, { weekOf: today() });
  const frame = document.createElement('iframe');
  frame.title = `Preview: ${digest.subject}`;
  frame.className = 'digest-preview';
  // No scripts run in it; a link clicked in it opens its page here, in place of the planner.
  frame.setAttribute('sandbox', 'allow-top-navigation-by-user-activation');
  frame.srcdoc = digest.html.replace('<head>', '<head><base target="_top">');
  const preview = main.querySelector('#preview');
  preview.replaceChildren(Object.assign(document.createElement('p'), { textContent: `Subject: ${digest.subject}` }), frame);
}

const STATUS_WORDS = { SENT: 'sent', PENDING: 'waiting', SENDING: 'sending', FAILED: 'failed', UNCERTAIN: 'uncertain', SKIPPED: 'skipped' };
const PROBLEMS = ['FAILED', 'UNCERTAIN'];

/** For coordinators: this week's deliveries counted by status, and those that failed or may not have gone, each to send again. */
async function showDeliveries(main) {
  const { digestDeliveryCounts: counts, digestDeliveries: problems } = await gql(
    `query($weekOf: Date!, $problems: [DigestDeliveryStatus!]) { digestDeliveryCounts(weekOf: $weekOf) { status count }
       digestDeliveries(weekOf: $weekOf, statuses: $problems) { id status attempts email lastError member { name organisation { name } } } }`,
    { weekOf: today(), problems: PROBLEMS },
  );
  const target = main.querySelector('#deliveries');
  const planned = counts.filter((c) => c.count);
  target.innerHTML = planned.length
    ? html`<p>${planned.map((c) => `${c.count} ${STATUS_WORDS[c.status]}`).join(', ')}.</p>
      ${problems.length ? html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">Digests that failed or may not have gone</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Member</th><th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header">Why</th><th scope="col" class="govuk-table__header">Actions</th></tr></thead>
        <tbody class="govuk-table__body">${problems.map((d) => html`<tr class="govuk-table__row"><td class="govuk-table__cell">${d.member.name}, ${d.member.organisation.name}<br><span class="govuk-hint hint">${d.email ?? ''}</span></td>
          <td class="govuk-table__cell">${STATUS_WORDS[d.status]} (${d.attempts} attempt${d.attempts === 1 ? '' : 's'})</td><td class="govuk-table__cell">${d.lastError ?? ''}</td>
          <td class="govuk-table__cell"><button type="button" class="govuk-button govuk-button--secondary" data-redrive="${d.id}">Send again</button></td></tr>`)}</tbody></table></div>` : html`<p class="all-clear">None failed.</p>`}`
    : html`<p>This week's digests have not been planned yet: they are, at the scheduled time.</p>`;
  for (const button of target.querySelectorAll('button[data-redrive]')) {
    button.addEventListener('click', async () => {
      await gql(`mutation($id: ID!) { redriveDigestDelivery(id: $id) { id } }`, { id: button.dataset.redrive });
      await showDeliveries(main);
    });
  }
}

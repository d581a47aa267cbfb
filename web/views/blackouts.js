import { ApiError, gql } from '../api.js';
import { addDays, formatRange, today } from '../dates.js';
import { html, options } from '../html.js';
import { areaChoices, audienceChoices, picker, REFERENCE_QUERY, searchPickers } from './pickers.js';

// The blackout periods in the coming two years (and the month just gone): pre-election periods,
// school holidays, the Christmas break. Everyone reads them; coordinators add, change and remove
// them, and every consultation they touch is judged again at once.
const SEVERITIES = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };
const FIELDS = ['name', 'startDate', 'endDate', 'areaCodes', 'audienceCodes'];

export async function showBlackouts(main, me) {
  document.title = 'Blackout periods – Consultation Calendar';
  const coordinator = me.role === 'COORDINATOR';
  const reference = coordinator ? await gql(REFERENCE_QUERY) : undefined;
  main.innerHTML = html`
    <h1>Blackout periods</h1>
    <p>Dates when consulting some areas or audiences is unwise. A consultation that runs into one gets a BLACKOUT clash of its severity.</p>
    <p id="changed" role="status"></p>
    <div id="periods" aria-live="polite"></div>
    ${coordinator ? html`<section id="period-form" aria-labelledby="form-heading"></section>` : ''}`;
  if (coordinator) showForm(main, me, reference);
  await showList(main, me, reference);
}

/** The form that adds a blackout period, or changes `period` when one is given. */
function showForm(main, me, reference, period) {
  const section = main.querySelector('#period-form');
  section.innerHTML = html`
    <h2 id="form-heading">${period ? `Change “${period.name}”` : 'Add a blackout period'}</h2>
    <form id="add" class="stack" novalidate>
      <div class="field"><label for="name">Name</label><input id="name" name="name" required maxlength="200" value="${period?.name ?? ''}"></div>
      <div class="row">
        <div class="field"><label for="startDate">Starts</label><input id="startDate" name="startDate" type="date" required value="${period?.startDate ?? ''}"></div>
        <div class="field"><label for="endDate">Ends</label><input id="endDate" name="endDate" type="date" required value="${period?.endDate ?? ''}"></div>
        <div class="field"><label for="severity">Severity</label><select id="severity" name="severity">${options(Object.entries(SEVERITIES), period?.severity)}</select></div>
      </div>
      <p class="hint">Choose no areas for everywhere, and no audiences for everyone.</p>
      ${picker('areaCodes', 'Areas', areaChoices(reference.areas), codes(period?.areas))}
      ${picker('audienceCodes', 'Audiences', audienceChoices(reference.audiences), codes(period?.audiences))}
      <div class="actions"><button type="submit">${period ? 'Save changes' : 'Add blackout period'}</button>${period ? html`<button type="button" class="secondary" id="cancel-change">Cancel</button>` : ''}</div>
      <p id="form-error" class="error" role="alert" hidden></p>
    </form>`;
  const form = section.querySelector('form');
  searchPickers(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(main, me, reference, form, period);
  });
  section.querySelector('#cancel-change')?.addEventListener('click', () => showForm(main, me, reference));
  if (period) form.querySelector('#name').focus();
}

const codes = (items) => (items ?? []).map((item) => item.code);

async function showList(main, me, reference) {
  const from = addDays(today(), -31);
  const { blackoutPeriods } = await gql(
    `query($from: Date!, $to: Date!) { blackoutPeriods(from: $from, to: $to) { id name startDate endDate severity areas { code name } audiences { code name } } }`,
    { from, to: addDays(today(), 730) },
  );
  const coordinator = me.role === 'COORDINATOR';
  const everywhere = (list, all) => (list.length ? list.map((item) => item.name).join(', ') : all);
  const target = main.querySelector('#periods');
  target.innerHTML = blackoutPeriods.length
    ? html`<div class="scrolls"><table class="data-table"><caption class="visually-hidden">Blackout periods</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Dates</th><th scope="col">Severity</th><th scope="col">Areas</th><th scope="col">Audiences</th>${coordinator ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
        <tbody>${blackoutPeriods.map((b) => html`<tr>
          <td>${b.name}</td><td>${formatRange(b.startDate, b.endDate)}</td><td>${SEVERITIES[b.severity]}</td>
          <td>${everywhere(b.areas, 'Everywhere')}</td><td>${everywhere(b.audiences, 'Everyone')}</td>
          ${coordinator ? html`<td class="actions"><button type="button" class="secondary" data-change="${b.id}">Change</button><button type="button" class="secondary" data-delete="${b.id}" data-name="${b.name}">Remove</button></td>` : ''}
        </tr>`)}</tbody></table></div>`
    : html`<p>None from ${formatRange(from, addDays(today(), 730))}.</p>`;
  for (const button of target.querySelectorAll('button[data-change]')) {
    button.addEventListener('click', () => {
      showForm(main, me, reference, blackoutPeriods.find((b) => b.id === button.dataset.change));
      main.querySelector('#period-form').scrollIntoView();
    });
  }
  for (const button of target.querySelectorAll('button[data-delete]')) button.addEventListener('click', () => remove(main, me, reference, button.dataset.delete, button.dataset.name));
}

async function save(main, me, reference, form, period) {
  const data = new FormData(form);
  const input = {
    name: data.get('name').trim(),
    startDate: data.get('startDate'),
    endDate: data.get('endDate'),
    severity: data.get('severity'),
    areaCodes: data.getAll('areaCodes'),
    audienceCodes: data.getAll('audienceCodes'),
  };
  const problem = form.querySelector('#form-error');
  try {
    if (period) {
      await gql(`mutation($id: ID!, $input: BlackoutPeriodUpdateInput!) { updateBlackoutPeriod(id: $id, input: $input) { id } }`, { id: period.id, input });
    } else {
      await gql(`mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, { input });
    }
    showForm(main, me, reference);
    await showList(main, me, reference); // then say so, once the list shows it
    main.querySelector('#changed').textContent = period
      ? `Saved “${input.name}”; the consultations it touches are judged again.`
      : `Added “${input.name}”; the consultations it touches now show the clash.`;
  } catch (error) {
    const field = error instanceof ApiError && FIELDS.includes(error.field) ? ` (${form.querySelector(`[name="${error.field}"]`)?.closest('.field')?.querySelector('label, legend')?.textContent ?? error.field})` : '';
    problem.textContent = `${error.message}${field}`;
    problem.hidden = false;
  }
}

async function remove(main, me, reference, id, name) {
  if (!confirm(`Remove the blackout period “${name}”? Its clashes go from every consultation it touched.`)) return;
  await gql(`mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id });
  main.querySelector('#changed').textContent = `Removed “${name}”.`;
  await showList(main, me, reference);
}

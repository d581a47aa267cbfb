import { gql } from '../api.js';
import { addDays, formatRange, today } from '../dates.js';
import { apiProblem, showErrors } from '../govuk.js';
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
    <div id="period-errors"></div>
    <h2 id="form-heading">${period ? `Change “${period.name}”` : 'Add a blackout period'}</h2>
    <form id="add" class="stack" novalidate>
      <div class="govuk-form-group field"><label for="name">Name</label><input id="name" name="name" required maxlength="200" value="${period?.name ?? ''}"></div>
      <div class="row">
        <div class="govuk-form-group field"><label for="startDate">Starts</label><input id="startDate" name="startDate" type="date" required value="${period?.startDate ?? ''}"></div>
        <div class="govuk-form-group field"><label for="endDate">Ends</label><input id="endDate" name="endDate" type="date" required value="${period?.endDate ?? ''}"></div>
        <div class="govuk-form-group field"><label for="severity">Severity</label><select id="severity" name="severity">${options(Object.entries(SEVERITIES), period?.severity)}</select></div>
      </div>
      <p class="govuk-hint hint">Choose no areas for everywhere, and no audiences for everyone.</p>
      ${picker('areaCodes', 'Areas', areaChoices(reference.areas), codes(period?.areas))}
      ${picker('audienceCodes', 'Audiences', audienceChoices(reference.audiences), codes(period?.audiences))}
      <div class="actions"><button type="submit" class="govuk-button">${period ? 'Save changes' : 'Add blackout period'}</button>${period ? html`<button type="button" class="govuk-button govuk-button--secondary" id="cancel-change">Cancel</button>` : ''}</div>
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
    ? html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">Blackout periods</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Dates</th><th scope="col" class="govuk-table__header">Severity</th><th scope="col" class="govuk-table__header">Areas</th><th scope="col" class="govuk-table__header">Audiences</th>${coordinator ? html`<th scope="col" class="govuk-table__header">Actions</th>` : ''}</tr></thead>
        <tbody class="govuk-table__body">${blackoutPeriods.map((b) => html`<tr class="govuk-table__row">
          <td class="govuk-table__cell">${b.name}</td><td class="govuk-table__cell">${formatRange(b.startDate, b.endDate)}</td><td class="govuk-table__cell">${SEVERITIES[b.severity]}</td>
          <td class="govuk-table__cell">${everywhere(b.areas, 'Everywhere')}</td><td class="govuk-table__cell">${everywhere(b.audiences, 'Everyone')}</td>
          ${coordinator ? html`<td class="govuk-table__cell actions"><button type="button" class="govuk-button govuk-button--secondary" data-change="${b.id}">Change</button><button type="button" class="govuk-button govuk-button--secondary" data-delete="${b.id}" data-name="${b.name}">Remove</button></td>` : ''}
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
  if (input.startDate && input.endDate && input.endDate < input.startDate) {
    return showErrors(main.querySelector('#period-errors'), form, [{ field: 'endDate', text: 'The end date must be the same as or after the start date' }]);
  }
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
    showErrors(main.querySelector('#period-errors'), form, [apiProblem(form, error, FIELDS)]);
  }
}

async function remove(main, me, reference, id, name) {
  if (!confirm(`Remove the blackout period “${name}”? Its clashes go from every consultation it touched.`)) return;
  await gql(`mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id });
  main.querySelector('#changed').textContent = `Removed “${name}”.`;
  await showList(main, me, reference);
}

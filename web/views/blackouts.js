import { ApiError, gql } from '../api.js';
import { addDays, formatRange, today } from '../dates.js';
import { html } from '../html.js';
import { areaChoices, audienceChoices, picker, REFERENCE_QUERY, searchPickers } from './pickers.js';

// The blackout periods in the coming two years (and the month just gone): pre-election periods,
// school holidays, the Christmas break. Everyone reads them; coordinators add and remove them,
// and every consultation they touch is judged again at once.
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
    ${coordinator ? html`<section aria-labelledby="add-heading">
      <h2 id="add-heading">Add a blackout period</h2>
      <form id="add" class="stack" novalidate>
        <div class="field"><label for="name">Name</label><input id="name" name="name" required maxlength="200"></div>
        <div class="row">
          <div class="field"><label for="startDate">Starts</label><input id="startDate" name="startDate" type="date" required></div>
          <div class="field"><label for="endDate">Ends</label><input id="endDate" name="endDate" type="date" required></div>
          <div class="field"><label for="severity">Severity</label><select id="severity" name="severity">${Object.entries(SEVERITIES).map(([code, name]) => html`<option value="${code}">${name}</option>`)}</select></div>
        </div>
        <p class="hint">Choose no areas for everywhere, and no audiences for everyone.</p>
        ${picker('areaCodes', 'Areas', areaChoices(reference.areas))}
        ${picker('audienceCodes', 'Audiences', audienceChoices(reference.audiences))}
        <div class="actions"><button type="submit">Add blackout period</button></div>
        <p id="form-error" class="error" role="alert" hidden></p>
      </form>
    </section>` : ''}`;
  const form = main.querySelector('#add');
  if (form) {
    searchPickers(form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      add(main, me, form);
    });
  }
  await showList(main, me);
}

async function showList(main, me) {
  const from = addDays(today(), -31);
  const { blackoutPeriods } = await gql(`query($from: Date!, $to: Date!) { blackoutPeriods(from: $from, to: $to) { id name startDate endDate severity areas { name } audiences { name } } }`, {
    from,
    to: addDays(today(), 730),
  });
  const everywhere = (list, all) => (list.length ? list.map((item) => item.name).join(', ') : all);
  const target = main.querySelector('#periods');
  target.innerHTML = blackoutPeriods.length
    ? html`<div class="scrolls"><table class="data-table"><caption class="visually-hidden">Blackout periods</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Dates</th><th scope="col">Severity</th><th scope="col">Areas</th><th scope="col">Audiences</th>${me.role === 'COORDINATOR' ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
        <tbody>${blackoutPeriods.map((b) => html`<tr>
          <td>${b.name}</td><td>${formatRange(b.startDate, b.endDate)}</td><td>${SEVERITIES[b.severity]}</td>
          <td>${everywhere(b.areas, 'Everywhere')}</td><td>${everywhere(b.audiences, 'Everyone')}</td>
          ${me.role === 'COORDINATOR' ? html`<td><button type="button" class="secondary" data-delete="${b.id}" data-name="${b.name}">Remove</button></td>` : ''}
        </tr>`)}</tbody></table></div>`
    : html`<p>None from ${formatRange(from, addDays(today(), 730))}.</p>`;
  for (const button of target.querySelectorAll('button[data-delete]')) button.addEventListener('click', () => remove(main, me, button.dataset.delete, button.dataset.name));
}

async function add(main, me, form) {
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
    await gql(`mutation($input: BlackoutPeriodInput!) { createBlackoutPeriod(input: $input) { id } }`, { input });
    problem.hidden = true;
    form.reset();
    main.querySelector('#changed').textContent = `Added “${input.name}”; the consultations it touches now show the clash.`;
    await showList(main, me);
  } catch (error) {
    const field = error instanceof ApiError && FIELDS.includes(error.field) ? ` (${form.querySelector(`[name="${error.field}"]`)?.closest('.field')?.querySelector('label, legend')?.textContent ?? error.field})` : '';
    problem.textContent = `${error.message}${field}`;
    problem.hidden = false;
  }
}

async function remove(main, me, id, name) {
  if (!confirm(`Remove the blackout period “${name}”? Its clashes go from every consultation it touched.`)) return;
  await gql(`mutation($id: ID!) { deleteBlackoutPeriod(id: $id) }`, { id });
  main.querySelector('#changed').textContent = `Removed “${name}”.`;
  await showList(main, me);
}

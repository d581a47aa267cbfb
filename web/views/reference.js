import { ApiError, gql } from '../api.js';
import { formatValidity } from '../dates.js';
import { codesAndNames, html, options, tickets } from '../html.js';
import { checkThenApply } from './check-then-apply.js';
import { REACHES } from './codes.js';

// For coordinators: the network's member bodies, areas and audiences. Rename one, change an
// organisation's kind, end an area when a boundary review replaces it, or add one. Every change
// shows at once here, and in every instance of the service within a minute.
const KINDS = {
  COUNTY: 'County council', DISTRICT: 'District or borough council', UNITARY: 'Unitary council', POLICE: 'Police',
  COMMISSIONER: "Commissioner's office", FIRE: 'Fire and rescue', NHS: 'NHS', VOLUNTARY: 'Voluntary sector', OTHER: 'Other',
};
const LEVELS = ['COUNTY', 'DISTRICT', 'UNITARY', 'DIVISION', 'WARD', 'PARISH', 'NEIGHBOURHOOD', 'LOCALITY', 'COMPOSITE', 'REGION', 'COUNTRY', 'OTHER'];
const AUDIENCE_KINDS = { GROUP: 'Group', PANEL: 'Panel' };
const SHOWN_AREAS = 100;
const state = { search: '', level: '' };

const label = (code) => code.charAt(0) + code.slice(1).toLowerCase();

export async function showReference(main, me) {
  document.title = 'Reference data – Consultation Calendar';
  if (me.role !== 'COORDINATOR') {
    main.innerHTML = html`<h1>Reference data</h1><p>Only network coordinators change organisations, areas and audiences. The codes plans use are on the <a href="#/codes">Codes</a> page.</p>`;
    return;
  }
  main.innerHTML = html`
    <h1>Reference data</h1>
    <p>The network's member bodies, its geography and who is asked. Codes never change; a consultation already registered keeps its areas and audiences.</p>
    <p id="changed" role="status"></p>
    <section aria-labelledby="organisations-heading">
      <h2 id="organisations-heading">Organisations</h2>
      <div id="organisations"></div>
      <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Add an organisation</span></summary><div class="govuk-details__text">
        <form id="add-organisation" class="stack narrow" data-mutation="createOrganisation" data-type="CreateOrganisationInput">
          <div class="govuk-form-group field"><label for="organisation-code">Code</label><input id="organisation-code" name="code" required maxlength="32"></div>
          <div class="govuk-form-group field"><label for="organisation-name">Name</label><input id="organisation-name" name="name" required maxlength="200"></div>
          <div class="govuk-form-group field"><label for="organisation-kind">Kind</label><select id="organisation-kind" name="kind">${options(Object.entries(KINDS), 'OTHER')}</select></div>
          <div class="actions"><button type="submit" class="govuk-button">Add organisation</button></div>
          <p class="error" role="alert" hidden></p>
        </form>
      </div></details>
    </section>
    <section aria-labelledby="areas-heading">
      <h2 id="areas-heading">Areas</h2>
      <form id="find-areas" class="filters">
        <div class="govuk-form-group field"><label for="area-search">Name or code</label><input id="area-search" name="search" type="search" value="${state.search}"></div>
        <div class="govuk-form-group field"><label for="area-level">Level</label><select id="area-level" name="level"><option value="">Any level</option>${options(LEVELS.map((l) => [l, label(l)]), state.level)}</select></div>
      </form>
      <div id="areas" aria-live="polite"></div>
      <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Add an area</span></summary><div class="govuk-details__text">
        <form id="add-area" class="stack narrow" data-mutation="createArea" data-type="CreateAreaInput">
          <div class="govuk-form-group field"><label for="area-code">Code</label><input id="area-code" name="code" required maxlength="32"><p class="govuk-hint hint">The ONS GSS code where there is one.</p></div>
          <div class="govuk-form-group field"><label for="area-name">Name</label><input id="area-name" name="name" required maxlength="200"></div>
          <div class="govuk-form-group field"><label for="area-new-level">Level</label><select id="area-new-level" name="level">${options(LEVELS.map((l) => [l, label(l)]), 'WARD')}</select></div>
          <div class="govuk-form-group field"><label for="area-parent">Lies within (code)</label><input id="area-parent" name="parentCode" maxlength="32"></div>
          <div class="govuk-form-group field"><label for="area-members">Or the union of (codes, separated by spaces or commas)</label><textarea id="area-members" name="memberCodes" rows="2"></textarea><p class="govuk-hint hint">For an area that does not nest, such as a county division: a plan for it meets every plan in these areas.</p></div>
          <div class="row">
            <div class="govuk-form-group field"><label for="area-from">Valid from</label><input id="area-from" name="validFrom" type="date"></div>
            <div class="govuk-form-group field"><label for="area-to">Valid until</label><input id="area-to" name="validTo" type="date"></div>
          </div>
          <div class="actions"><button type="submit" class="govuk-button">Add area</button></div>
          <p class="error" role="alert" hidden></p>
        </form>
      </div></details>
      <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Import areas from a spreadsheet</span></summary><div class="govuk-details__text">
        <p>Save it as CSV with the columns <code>code</code>, <code>name</code>, <code>level</code>, <code>within</code>, <code>union of</code>, <code>valid from</code> and <code>valid to</code>.
          A code the register has gets the row's name and dates; a new code is a new area, within one already there or earlier in the file. It is checked first; nothing changes until every row is right.</p>
        <form id="import-areas" class="stack narrow">
          <div class="govuk-form-group field"><label for="areas-file">CSV file</label><input id="areas-file" name="file" type="file" accept=".csv,text/csv" required></div>
          <div class="actions"><button type="submit" class="govuk-button">Check the file</button></div>
        </form>
        <div id="areas-outcome" aria-live="polite"></div>
      </div></details>
    </section>
    <section aria-labelledby="audiences-heading">
      <h2 id="audiences-heading">Audiences</h2>
      <div id="audiences"></div>
      <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Add an audience or panel</span></summary><div class="govuk-details__text">
        <form id="add-audience" class="stack narrow" data-mutation="createAudience" data-type="CreateAudienceInput">
          <div class="govuk-form-group field"><label for="audience-code">Code</label><input id="audience-code" name="code" required maxlength="64"></div>
          <div class="govuk-form-group field"><label for="audience-name">Name</label><input id="audience-name" name="name" required maxlength="200"></div>
          <div class="govuk-form-group field"><label for="audience-parent">Part of</label><select id="audience-parent" name="parentCode"></select></div>
          <div class="govuk-form-group field"><label for="audience-kind">Kind</label><select id="audience-kind" name="kind">${options(Object.entries(AUDIENCE_KINDS), 'GROUP')}</select></div>
          <div class="actions"><button type="submit" class="govuk-button">Add audience</button></div>
          <p class="error" role="alert" hidden></p>
        </form>
      </div></details>
    </section>`;
  const find = main.querySelector('#find-areas');
  const refresh = () => {
    const data = new FormData(find);
    Object.assign(state, { search: data.get('search').trim(), level: data.get('level') });
    showAreas(main);
  };
  find.addEventListener('change', refresh);
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  main.querySelector('#import-areas').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = event.target.file.files[0];
    if (file) await importAreas(main, await file.text());
  });
  for (const form of main.querySelectorAll('form[data-mutation]')) form.addEventListener('submit', (event) => {
    event.preventDefault();
    add(main, form);
  });
  await Promise.all([showOrganisations(main), showAreas(main), showAudiences(main)]);
}

async function showOrganisations(main) {
  const { organisations } = await gql(`{ organisations { code name kind publicByDefault } }`);
  const target = main.querySelector('#organisations');
  target.innerHTML = table('Organisations', ['Name', 'Code', 'Kind', 'New plans public'], organisations.map((o) => ({ code: o.code, cells: [o.name, o.code, KINDS[o.kind], o.publicByDefault ? 'Yes' : 'No'] })));
  wireEdits(target, organisations, (o) => ({
    title: o.name,
    fields: html`${nameField(o)}<div class="govuk-form-group field"><label for="edit-kind">Kind</label><select id="edit-kind" name="kind">${options(Object.entries(KINDS), o.kind)}</select></div>${publicByDefaultField(o)}`,
    save: (data) => change(main, 'updateOrganisation', 'UpdateOrganisationInput', o.code, { name: data.get('name'), kind: data.get('kind'), publicByDefault: data.has('publicByDefault') }, showOrganisations),
  }));
}

// Whether its new plans go on the public forward look unless their officers say otherwise.
const publicByDefaultField = (o) => html`<fieldset class="govuk-form-group field"><legend>The public forward look</legend>
  <label class="check"><input type="checkbox" name="publicByDefault" ${o.publicByDefault ? html`checked` : ''}> Its new consultations are public unless their officers say otherwise</label></fieldset>`;

const listing = tickets();

async function showAreas(main) {
  const ticket = listing();
  const { areas } = await gql(`query($search: String, $level: AreaLevel) { areas(search: $search, level: $level) { code name level validFrom validTo parent { name } } }`, {
    search: state.search || undefined,
    level: state.level || undefined,
  });
  if (!ticket.isLatest()) return;
  const shown = areas.slice(0, SHOWN_AREAS);
  const target = main.querySelector('#areas');
  target.innerHTML = html`${areas.length > SHOWN_AREAS ? html`<p class="govuk-hint hint">The first ${SHOWN_AREAS} of ${areas.length}: narrow the search to see the rest.</p>` : ''}
    ${areas.length ? table('Areas', ['Name', 'Code', 'Level', 'Lies within', 'Valid'], shown.map((a) => ({ code: a.code, cells: [a.name, a.code, label(a.level), a.parent?.name ?? '', formatValidity(a.validFrom, a.validTo) || 'always'] }))) : html`<p>No areas match.</p>`}`;
  wireEdits(target, shown, (a) => ({
    title: a.name,
    fields: html`${nameField(a)}
      <div class="govuk-form-group field"><label for="edit-from">Valid from</label><input id="edit-from" name="validFrom" type="date" value="${a.validFrom ?? ''}"></div>
      <div class="govuk-form-group field"><label for="edit-to">Valid until</label><input id="edit-to" name="validTo" type="date" value="${a.validTo ?? ''}"></div>`,
    // An emptied date is cleared: the area has always existed, or still does.
    save: (data) => change(main, 'updateArea', 'UpdateAreaInput', a.code, { name: data.get('name'), validFrom: data.get('validFrom') || null, validTo: data.get('validTo') || null }, showAreas),
  }));
}

async function showAudiences(main) {
  const { audiences } = await gql(`{ audiences { code name kind reach parent { name } } }`);
  const target = main.querySelector('#audiences');
  target.innerHTML = table('Audiences', ['Name', 'Code', 'Kind', 'Part of', 'Reach'], audiences.map((a) => ({ code: a.code, cells: [a.name, a.code, AUDIENCE_KINDS[a.kind], a.parent?.name ?? '', a.reach] })));
  main.querySelector('#audience-parent').innerHTML = html`<option value="">Nothing (a new top level)</option>${options(codesAndNames(audiences))}`;
  wireEdits(target, audiences, (a) => ({
    title: a.name,
    // A new reach grades the clashes of the consultations asking it again (the service does).
    fields: html`${nameField(a)}<div class="govuk-form-group field"><label for="edit-reach">Reach</label><select id="edit-reach" name="reach" aria-describedby="edit-reach-hint">${options(Object.keys(REACHES).map((r) => [r, r]), a.reach)}</select>
      <p class="govuk-hint hint" id="edit-reach-hint">${Object.entries(REACHES).map(([reach, meaning]) => `${reach}: ${meaning}.`).join(' ')}</p></div>`,
    save: (data) => change(main, 'updateAudience', 'UpdateAudienceInput', a.code, { name: data.get('name'), reach: data.get('reach') }, showAudiences),
  }));
}

const nameField = (row) => html`<div class="govuk-form-group field"><label for="edit-name">Name</label><input id="edit-name" name="name" required maxlength="200" value="${row.name}"></div>`;

function table(caption, headings, rows) {
  return html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">${caption}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">${headings.map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}<th scope="col" class="govuk-table__header">Actions</th></tr></thead>
    <tbody class="govuk-table__body">${rows.map((row) => html`<tr class="govuk-table__row" data-code="${row.code}">${row.cells.map((cell) => html`<td class="govuk-table__cell">${cell}</td>`)}
      <td class="govuk-table__cell"><button type="button" class="govuk-button govuk-button--secondary" data-edit="${row.code}">Change<span class="govuk-visually-hidden"> ${row.cells[0]}</span></button></td></tr>`)}</tbody></table></div>`;
}

/** Each row's Change button turns the row into a form of `editor(row).fields`; Save runs `editor(row).save`. */
function wireEdits(target, rows, editor) {
  for (const button of target.querySelectorAll('button[data-edit]')) {
    button.addEventListener('click', () => {
      for (const open of document.querySelectorAll('form.edit-row button.cancel')) open.click(); // one row at a time
      const { title, fields, save } = editor(rows.find((row) => row.code === button.dataset.edit));
      const tr = button.closest('tr');
      const before = tr.innerHTML;
      tr.innerHTML = html`<td class="govuk-table__cell" colspan="${tr.cells.length}"><form class="edit-row" aria-label="Change ${title}" novalidate>${fields}
        <div class="actions"><button type="submit" class="govuk-button">Save</button><button type="button" class="govuk-button govuk-button--secondary cancel">Cancel</button></div>
        <p class="error" role="alert" hidden></p></form></td>`;
      const form = tr.querySelector('form');
      form.querySelector('.cancel').addEventListener('click', () => {
        tr.innerHTML = before;
        wireEdits(tr, rows, editor);
        tr.querySelector('button[data-edit]').focus();
      });
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        await report(form, () => save(new FormData(form)));
      });
      form.querySelector('input, select').focus();
    });
  }
}

async function change(main, mutation, type, code, input, redraw) {
  await gql(`mutation($code: String!, $input: ${type}!) { ${mutation}(code: $code, input: $input) { code } }`, { code, input });
  await redraw(main);
  main.querySelector('#changed').textContent = `Saved the change to ${code}.`;
}

const ACTIONS = { CREATE: 'new', UPDATE: 'changed', UNCHANGED: 'unchanged' };

function importAreas(main, csv) {
  return checkThenApply(main.querySelector('#areas-outcome'), {
    send: async (dryRun) => {
      const { importAreas: report } = await gql(`mutation($csv: String!, $dryRun: Boolean!) { importAreas(csv: $csv, dryRun: $dryRun) {
        imported rowCount ignoredColumns problems { line column message } rows { line code name action } } }`, { csv, dryRun });
      if (report.imported) await showAreas(main);
      return report;
    },
    describe: (report, dryRun) => html`<h2>${dryRun ? `All ${report.rowCount} rows are ready` : `Applied all ${report.rowCount} rows`}</h2>
      <ul class="rows">${report.rows.map((row) => html`<li>Line ${row.line}: ${row.name} (${row.code}), ${ACTIONS[row.action]}</li>`)}</ul>`,
    applyLabel: (report) => `Apply all ${report.rowCount}`,
  });
}

// Each add form's list, drawn again once it has added a row.
const REDRAW_AFTER = { createOrganisation: showOrganisations, createArea: showAreas, createAudience: showAudiences };

async function add(main, form) {
  const data = new FormData(form);
  const input = Object.fromEntries([...data].map(([key, value]) => [key, value.trim()]).filter(([, value]) => value !== ''));
  if (input.memberCodes) input.memberCodes = input.memberCodes.split(/[\s,;]+/).filter(Boolean);
  await report(form, async () => {
    await gql(`mutation($input: ${form.dataset.type}!) { ${form.dataset.mutation}(input: $input) { code } }`, { input });
    form.reset();
    await REDRAW_AFTER[form.dataset.mutation](main);
    main.querySelector('#changed').textContent = `Added ${input.name} (${input.code}).`;
  });
}

/** Runs a save; a refusal is shown in the form, naming the field it is about. */
async function report(form, save) {
  const problem = form.querySelector('.error');
  try {
    await save();
    problem.hidden = true;
  } catch (error) {
    const field = error instanceof ApiError && form.querySelector(`[name="${error.field}"]`);
    const fieldLabel = field && form.querySelector(`label[for="${field.id}"]`)?.textContent;
    problem.textContent = fieldLabel ? `${fieldLabel}: ${error.message}` : error.message;
    problem.hidden = false;
    if (field) field.setAttribute('aria-invalid', 'true');
  }
}

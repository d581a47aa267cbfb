import { gql } from '../api.js';
import { addDays, formatRange, mondayOf, today } from '../dates.js';
import { csv, saveFile } from '../files.js';
import { BUTTON, SECONDARY } from '../govuk.js';
import { html } from '../html.js';
import { checkThenApply } from './check-then-apply.js';

// A forward plan from Excel, saved as CSV: started from a template, with the area and audience
// codes to download; checked first (every problem by line and column, or each row's clashes),
// then registered all at once. The layout is in the README.
const IMPORT = `mutation($csv: String!, $dryRun: Boolean!) { importConsultations(csv: $csv, dryRun: $dryRun) {
  imported rowCount ignoredColumns problems { line column message }
  rows { line title startDate endDate consultation { id } conflicts { severity } } } }`;

// The columns of a forward plan, in the order the template gives them (consultation-columns.ts).
const COLUMNS = ['title', 'summary', 'organisation code', 'start', 'end', 'area codes', 'audience codes', 'topics', 'channels', 'status'];

export async function showImport(main, me) {
  document.title = 'Import a forward plan – Consultation Calendar';
  main.innerHTML = html`
    <h1>Import a forward plan</h1>
    <p>Register many consultations at once from a spreadsheet. It is checked first, every problem listed by line and column; nothing is registered until every row is right.</p>
    <h2>1. Start from the template</h2>
    <p>The template has the columns in order and an example row to copy and then delete. Lists in one cell (areas, audiences, topics, channels) are separated by semicolons.</p>
    <ul class="govuk-list govuk-list--bullet">
      <li>Required: <code>title</code>, <code>start</code> and <code>end</code> (dates like 2027-06-07), <code>area codes</code>, <code>audience codes</code></li>
      <li>If you like: <code>summary</code>, <code>organisation code</code> (yours if left empty), <code>topics</code>, <code>channels</code>, <code>status</code> (DRAFT or PLANNED)</li>
    </ul>
    <div class="actions">
      <button type="button" class="${SECONDARY}" data-download="template">Download the template (CSV)</button>
      <button type="button" class="${SECONDARY}" data-download="areas">Download the area codes (CSV)</button>
      <button type="button" class="${SECONDARY}" data-download="audiences">Download the audience codes (CSV)</button>
    </div>
    <p>The codes are also on the <a href="#/codes">Codes</a> page, with the channels and organisations.</p>
    <h2>2. Check the file</h2>
    <p>In Excel, choose <strong>Save as</strong> and <strong>CSV UTF-8 (Comma delimited)</strong>, then choose the file here.</p>
    <form id="import" class="app-narrow" novalidate>
      <div class="govuk-form-group field"><label for="file">CSV file</label><input id="file" name="file" type="file" accept=".csv,text/csv" required></div>
      <div class="actions"><button type="submit" class="${BUTTON}">Check the file</button></div>
    </form>
    <div id="outcome" aria-live="polite"></div>`;
  for (const button of main.querySelectorAll('button[data-download]')) button.addEventListener('click', () => DOWNLOADS[button.dataset.download](me));
  main.querySelector('#import').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = event.target.file.files[0];
    if (file) await run(main, await file.text());
  });
}

// The example row: the member's own organisation, eight weeks from now.
const DOWNLOADS = {
  template: (me) => {
    const start = mondayOf(addDays(today(), 56));
    const example = ['Allotments survey', 'Which sites, opening hours and prices suit allotment holders', me.organisation.code, start, addDays(start, 20), 'E07000199', 'RESIDENTS; OLDER_PEOPLE', 'allotments; parks', 'online survey; drop-in', 'PLANNED'];
    saveFile('forward-plan-template.csv', csv([COLUMNS, example]));
  },
  areas: async () => {
    const { areas } = await gql(`{ areas { code name level validFrom validTo parent { code name } } }`);
    saveFile('area-codes.csv', csv([['code', 'name', 'level', 'within', 'valid from', 'valid to'], ...areas.map((a) => [a.code, a.name, a.level, a.parent?.code, a.validFrom, a.validTo])]));
  },
  audiences: async () => {
    const { audiences } = await gql(`{ audiences { code name kind reach parent { code } } }`);
    saveFile('audience-codes.csv', csv([['code', 'name', 'kind', 'reach', 'part of'], ...audiences.map((a) => [a.code, a.name, a.kind, a.reach, a.parent?.code])]));
  },
};

function run(main, csv) {
  return checkThenApply(main.querySelector('#outcome'), {
    send: async (dryRun) => (await gql(IMPORT, { csv, dryRun })).importConsultations,
    describe: (result, dryRun) => html`
      <h2>${dryRun ? `All ${result.rowCount} rows are ready` : `Imported ${result.rowCount} consultations`}</h2>
      <ul class="rows">${result.rows.map((row) => html`<li>${row.consultation ? html`<a href="#/consultation/${row.consultation.id}">${row.title}</a>` : row.title},
        ${formatRange(row.startDate, row.endDate)}: ${clashes(row.conflicts)}</li>`)}</ul>`,
    applyLabel: (result) => `Register all ${result.rowCount}`,
  });
}

/** "no clashes", or "3 clashes (1 high)". */
function clashes(conflicts) {
  if (!conflicts.length) return 'no clashes';
  const high = conflicts.filter((c) => c.severity === 'HIGH').length;
  return `${conflicts.length} clash${conflicts.length === 1 ? '' : 'es'}${high ? ` (${high} high)` : ''}`;
}

import { gql } from '../api.js';
import { formatRange } from '../dates.js';
import { html } from '../html.js';
import { checkThenApply } from './check-then-apply.js';

// A forward plan from Excel, saved as CSV: checked first (every problem by line and column, or
// each row's clashes), then registered all at once. The layout is in the README.
const IMPORT = `mutation($csv: String!, $dryRun: Boolean!) { importConsultations(csv: $csv, dryRun: $dryRun) {
  imported rowCount ignoredColumns problems { line column message }
  rows { line title startDate endDate consultation { id } conflicts { severity } } } }`;

export async function showImport(main) {
  document.title = 'Import a forward plan – Consultation Calendar';
  main.innerHTML = html`
    <h1>Import a forward plan</h1>
    <p>Save the sheet as CSV (UTF-8) with the columns <code>title</code>, <code>start</code>, <code>end</code>, <code>area codes</code> and <code>audience codes</code>
      (and, if you like, <code>summary</code>, <code>topics</code>, <code>channels</code>, <code>status</code>). It is checked first; nothing is registered until every row is right.</p>
    <p>The organisation, audience, channel and area codes are on the <a href="#/codes">Codes</a> page.</p>
    <form id="import" class="stack narrow">
      <div class="govuk-form-group field"><label for="file">CSV file</label><input id="file" name="file" type="file" accept=".csv,text/csv" required></div>
      <div class="actions"><button type="submit" class="govuk-button">Check the file</button></div>
    </form>
    <div id="outcome" aria-live="polite"></div>`;
  main.querySelector('#import').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = event.target.file.files[0];
    if (file) await run(main, await file.text());
  });
}

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

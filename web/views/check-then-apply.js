import { html } from '../html.js';

/**
 * A spreadsheet import in two steps: the file is checked first (every problem by line and
 * column, and nothing applied), then applied all at once with one button. `send(dryRun)` calls
 * the API and returns its report; `describe(report, dryRun)` draws what a good file does (or
 * did); `applyLabel(report)` names the button.
 */
export async function checkThenApply(target, steps, dryRun = true) {
  let report;
  try {
    report = await steps.send(dryRun);
  } catch (error) {
    target.innerHTML = html`<p class="error">${error.message}</p>`;
    return;
  }
  const ignored = report.ignoredColumns.length ? html`<p class="govuk-hint hint">Ignored columns: ${report.ignoredColumns.join(', ')}.</p>` : '';
  if (report.problems.length) {
    target.innerHTML = html`<h2>Nothing imported: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} to put right</h2>${ignored}
      <ul class="problems">${report.problems.map((p) => html`<li>Line ${p.line}${p.column ? `, column “${p.column}”` : ''}: ${p.message}</li>`)}</ul>`;
    return;
  }
  target.innerHTML = html`${steps.describe(report, dryRun)}${ignored}
    ${dryRun ? html`<div class="actions"><button type="button" class="govuk-button apply">${steps.applyLabel(report)}</button></div>` : ''}`;
  target.querySelector('button.apply')?.addEventListener('click', () => checkThenApply(target, steps, false));
}

import { gql } from '../api.js';
import { addDays, formatRange } from '../dates.js';
import { apiProblem, BUTTON, clearErrors, SECONDARY, showErrors } from '../govuk.js';
import { html } from '../html.js';

// A consultation's protected window on its page: the days around it kept clear of others asking
// its people (a PROTECTED clash), read by everyone who sees it; a coordinator sets, changes or lifts it.

export const PROTECTION_FIELDS = 'protection { daysBefore daysAfter }';
const MAX_DAYS = 90; // the API's limit each side
const LABELS = { daysBefore: 'Days before', daysAfter: 'Days after' };

/** "7 days before, 45 after — 22 February 2027 to 15 May 2027": the days and the dates they reach. */
export function protectionText(c) {
  const { daysBefore, daysAfter } = c.protection;
  const window = formatRange(addDays(c.startDate, -daysBefore), addDays(c.endDate, daysAfter));
  return `${daysBefore} ${daysBefore === 1 ? 'day' : 'days'} before, ${daysAfter} after — ${window}`;
}

/** The section, or nothing for a plan that is not protected and a member who cannot protect it. */
export function protectionSection(c, me) {
  const canProtect = me.role === 'COORDINATOR' && c.status !== 'CANCELLED';
  if (!c.protection && !canProtect) return '';
  return html`<section aria-labelledby="protection-heading">
    <h2 id="protection-heading">Protected window</h2>
    <p class="protection">${c.protection ? `Protected window: ${protectionText(c)}` : 'Not protected: other consultations may run next to it.'}</p>
    ${canProtect ? protectionForm(c) : ''}
  </section>`;
}

const dayField = (field, hint, value) => html`<div class="govuk-form-group">
    <label class="govuk-label" for="${field}">${LABELS[field]}</label>
    <div class="govuk-hint" id="${field}-hint">${hint}</div>
    <input class="govuk-input govuk-input--width-3" id="${field}" name="${field}" type="text" inputmode="numeric" spellcheck="false" value="${value ?? ''}" aria-describedby="${field}-hint">
  </div>`;

function protectionForm(c) {
  return html`<form id="protect" novalidate>
    <div id="protect-errors"></div>
    ${dayField('daysBefore', `Days before its start kept clear too, 0 to ${MAX_DAYS}`, c.protection?.daysBefore)}
    ${dayField('daysAfter', `Days after its end kept clear too, 0 to ${MAX_DAYS}`, c.protection?.daysAfter)}
    <div class="govuk-button-group">
      <button type="submit" class="${BUTTON}">${c.protection ? 'Change the protection' : 'Protect it'}</button>
      ${c.protection ? html`<button type="button" class="${SECONDARY}" id="unprotect">Lift the protection</button>` : ''}
    </div>
  </form>`;
}

/** Wires the coordinator's form; `done` draws the page again with the result. */
export function wireProtection(scope, c, done) {
  const form = scope.querySelector('#protect');
  if (!form) return;
  const errors = form.querySelector('#protect-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(errors, form);
    const days = {};
    const problems = [];
    for (const field of Object.keys(LABELS)) {
      const value = form.querySelector(`#${field}`).value.trim();
      // Only a whole number reaches the API (its Int would refuse anything else without naming the field); the range is the API's to judge.
      if (/^-?\d{1,4}$/.test(value)) days[field] = Number(value);
      else problems.push({ field, text: `Enter ${LABELS[field].toLowerCase()} as a whole number, 0 to ${MAX_DAYS}` });
    }
    if (problems.length) return showErrors(errors, form, problems);
    try {
      await gql(`mutation($id: ID!, $daysBefore: Int!, $daysAfter: Int!) { protectConsultation(id: $id, daysBefore: $daysBefore, daysAfter: $daysAfter) { id } }`, { id: c.id, ...days });
      done();
    } catch (error) {
      showErrors(errors, form, [refusal(form, error)]);
    }
  });
  form.querySelector('#unprotect')?.addEventListener('click', async () => {
    clearErrors(errors, form);
    try {
      await gql(`mutation($id: ID!) { unprotectConsultation(id: $id) { id } }`, { id: c.id });
      done();
    } catch (error) {
      showErrors(errors, form, [{ text: error.message }]);
    }
  });
}

// The API names the field beyond 0 to 90: said in the form's words, at that field.
function refusal(form, error) {
  if (error.code === 'BAD_USER_INPUT' && error.field in LABELS) return { field: error.field, text: `${LABELS[error.field]} must be a whole number from 0 to ${MAX_DAYS}` };
  return apiProblem(form, error, []);
}

import { CharacterCount, createAll, ErrorSummary } from '/govuk-frontend/6.6.0/govuk-frontend.min.js';
import { html } from './html.js';

// GOV.UK Design System components as markup, one helper each, so that every page builds them the
// same way (the markup of govuk-frontend's own templates, components/*/template.njk).

/** Button classes: `govuk-button`, the secondary (grey) and the warning (red, for what cannot be undone). */
export const BUTTON = 'govuk-button';
export const SECONDARY = 'govuk-button govuk-button--secondary';
export const WARNING = 'govuk-button govuk-button--warning';

/** A tag: `colour` is one of govuk-frontend's (grey, green, blue, yellow, orange, red, …). */
export const tag = (text, colour) => html`<strong class="govuk-tag${colour ? ` govuk-tag--${colour}` : ''}">${text}</strong>`;

/** Rows of [key, value] as a summary list; rows with an empty value are left out. */
export const summaryList = (rows) =>
  html`<dl class="govuk-summary-list">${rows.filter(([, value]) => value !== undefined && value !== '' && value !== null).map(([key, value]) => html`<div class="govuk-summary-list__row">
    <dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`)}</dl>`;

/** A notification banner; `success` makes it green with role alert (after something the member did). */
export function notificationBanner({ title = 'Important', heading, body = '', success = false, id }) {
  return html`<div class="govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}" ${success ? html`role="alert"` : html`role="region"`}
      aria-labelledby="${id}-title" data-module="govuk-notification-banner">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="${id}-title">${title}</h2></div>
    <div class="govuk-notification-banner__content">${heading ? html`<p class="govuk-notification-banner__heading">${heading}</p>` : ''}${body}</div>
  </div>`;
}

/** Each problem once, linking to the field it is about (`href` "#id") when there is one. */
export const errorSummary = (problems, title = 'There is a problem') => html`<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert"><h2 class="govuk-error-summary__title">${title}</h2>
    <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${problems.map(
      (p) => html`<li>${p.href ? html`<a href="${p.href}">${p.text}</a>` : p.text}</li>`,
    )}</ul></div></div></div>`;

/** A field's error message, placed between its label (and hint) and the field. */
export const fieldError = (id, text) => html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${text}</p>`;

/**
 * Shows `problems` ({ field: element id or undefined, text }) the GOV.UK way: a summary in
 * `summaryTarget` linking to each field, moved to and read out; each field's message above it,
 * its group marked. Clears what an earlier attempt showed first.
 */
export function showErrors(summaryTarget, form, problems) {
  clearErrors(summaryTarget, form);
  if (!problems.length) return;
  for (const { field, text } of problems) {
    const element = field && form.querySelector(`#${CSS.escape(field)}`);
    if (!element) continue;
    const group = element.closest('.govuk-form-group') ?? element.closest('fieldset') ?? element.parentElement;
    group.classList.add('govuk-form-group--error');
    const message = document.createElement('div');
    message.innerHTML = fieldError(field, text);
    // Inside a fieldset the message follows its legend (and hint); otherwise it sits just above the field.
    const before = element.tagName === 'FIELDSET' ? element.querySelector(':scope > legend + .govuk-hint, :scope > legend')?.nextElementSibling : element;
    (before?.parentElement ?? element).insertBefore(message.firstElementChild, before ?? null);
    const kind = { INPUT: 'input', SELECT: 'select', TEXTAREA: 'textarea' }[element.tagName];
    if (kind) {
      element.classList.add(`govuk-${kind}--error`);
      element.setAttribute('aria-invalid', 'true');
    }
    element.setAttribute('aria-describedby', [element.getAttribute('aria-describedby'), `${field}-error`].filter(Boolean).join(' '));
  }
  summaryTarget.innerHTML = errorSummary(problems.map((p) => ({ text: p.text, href: p.field && form.querySelector(`#${CSS.escape(p.field)}`) ? `#${p.field}` : undefined })));
  document.title = `Error: ${document.title.replace(/^Error: /, '')}`;
  // The component moves focus to the summary, and a link in it to its field (not the address's #).
  createAll(ErrorSummary, {}, summaryTarget);
}

export function clearErrors(summaryTarget, form) {
  summaryTarget.replaceChildren();
  document.title = document.title.replace(/^Error: /, '');
  form.querySelectorAll('.govuk-error-message').forEach((e) => {
    const field = form.querySelector(`[aria-describedby~="${e.id}"]`);
    if (field) {
      const rest = field.getAttribute('aria-describedby').split(' ').filter((id) => id !== e.id);
      rest.length ? field.setAttribute('aria-describedby', rest.join(' ')) : field.removeAttribute('aria-describedby');
    }
    e.remove();
  });
  form.querySelectorAll('.govuk-form-group--error').forEach((e) => e.classList.remove('govuk-form-group--error'));
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    e.classList.remove('govuk-input--error', 'govuk-select--error', 'govuk-textarea--error');
  });
}

/** A disclosure: `summary` opens `body`. */
export const details = (summary, body, extraClass = '') => html`<details class="govuk-details ${extraClass}"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${summary}</span></summary>
  <div class="govuk-details__text">${body}</div></details>`;

/** An API refusal as a problem for showErrors: at the field it names (one of `fields`), led by that field's label. */
export function apiProblem(form, error, fields) {
  const field = fields.includes(error.field) ? error.field : undefined;
  const label = field && form.querySelector(`label[for="${field}"], #${field} > legend`)?.firstChild?.textContent.trim();
  return { field, text: label ? `${label}: ${error.message}` : error.message };
}

/**
 * A textarea that counts down to the API's limit of `maxlength` characters (the character count
 * component: it lets a member type past the limit and says by how much, rather than cutting the
 * text off). Call startCharacterCounts once it is on the page.
 */
export const characterCount = ({ id, label, maxlength, value = '', rows = 3 }) => html`<div class="govuk-form-group govuk-character-count field" data-module="govuk-character-count" data-maxlength="${maxlength}">
    <label for="${id}">${label}</label>
    <textarea class="govuk-textarea govuk-js-character-count" id="${id}" name="${id}" rows="${rows}" aria-describedby="${id}-info">${value}</textarea>
    <div id="${id}-info" class="govuk-hint govuk-character-count__message">You can enter up to ${maxlength.toLocaleString('en-GB')} characters</div>
  </div>`;

/** Starts the character counts drawn into `scope` after the page loaded (initAll saw only the first page). */
export const startCharacterCounts = (scope) => createAll(CharacterCount, {}, scope);

const ARROWS = {
  prev: 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z',
  next: 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z',
};
const pageLink = (way, title, page, pages, href) => html`<div class="govuk-pagination__${way}"><a class="govuk-link govuk-pagination__link" href="${href}" rel="${way}" data-page="${page}">
    <svg class="govuk-pagination__icon govuk-pagination__icon--${way}" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="${ARROWS[way]}"></path></svg>
    <span class="govuk-pagination__link-title">${title}<span class="govuk-visually-hidden"> page</span></span><span class="govuk-visually-hidden">:</span>
    <span class="govuk-pagination__link-label">${page} of ${pages}</span></a></div>`;

/**
 * Previous and next for a list the API gives a page at a time (first/after, so no jumping to a
 * page by number): the block style, each link saying which page of how many it leads to. Its
 * links carry data-page; the view fetches that page when one is followed.
 */
export const pagination = ({ page, pages, href }) =>
  pages > 1
    ? html`<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages">
    ${page > 1 ? pageLink('prev', 'Previous', page - 1, pages, href) : ''}${page < pages ? pageLink('next', 'Next', page + 1, pages, href) : ''}</nav>`
    : '';

const DATE_PARTS = [['day', 'Day', 2], ['month', 'Month', 2], ['year', 'Year', 4]];

/**
 * One date asked as day, month and year (the date input), the GOV.UK way for a date someone
 * knows rather than picks. The fieldset carries `id`, so showErrors puts a problem there.
 */
export const dateInput = ({ id, legend, hint }) => html`<div class="govuk-form-group">
  <fieldset class="govuk-fieldset" role="group" id="${id}" aria-describedby="${id}-hint">
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
    <div class="govuk-hint" id="${id}-hint">${hint}</div>
    <div class="govuk-date-input">${DATE_PARTS.map(([part, label, width]) => html`<div class="govuk-date-input__item"><div class="govuk-form-group">
      <label class="govuk-label govuk-date-input__label" for="${id}-${part}">${label}</label>
      <input class="govuk-input govuk-date-input__input govuk-input--width-${width}" id="${id}-${part}" name="${id}-${part}" type="text" inputmode="numeric">
    </div></div>`)}</div>
  </fieldset></div>`;

/** What a dateInput holds: "YYYY-MM-DD", '' when left empty, undefined when it is not a real date (31 2 2027). */
export function dateInputValue(form, id) {
  const [day, month, year] = DATE_PARTS.map(([part]) => form.querySelector(`#${id}-${part}`).value.trim());
  if (!day && !month && !year) return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1 ? date.toISOString().slice(0, 10) : undefined;
}

import { createAll, ErrorSummary } from '/govuk-frontend/6.6.0/govuk-frontend.min.js';
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

import { formatValidity, today } from '../dates.js';
import { html } from '../html.js';

// Searchable checkbox lists of areas and audiences, shared by the planning form and the digest
// preferences. Wards stay hidden until searched for: a county has hundreds.

/** The reference rows the lists are made from. */
export const REFERENCE_QUERY = `{ areas { code name level validFrom validTo parent { code } } audiences { code name kind parent { code } } }`;

// An area that has not always existed says when it does: a plan may name it only for those
// dates. One that has ended waits to be searched for, as wards do.
export const areaChoices = (areas) =>
  areas.map((a) => ({
    code: a.code,
    name: a.name,
    detail: [a.level.toLowerCase(), formatValidity(a.validFrom, a.validTo)].filter(Boolean).join(', '),
    hidden: a.level === 'WARD' || (a.validTo !== null && a.validTo < today()),
  }));
export const audienceChoices = (audiences) => asTree(audiences).map(({ node, depth }) => ({ code: node.code, name: node.name, detail: node.kind === 'PANEL' ? 'panel' : '', indent: depth }));

/** A fieldset of checkboxes named `name`, with a search box; `chosen` codes start checked. */
export function picker(name, label, items, chosen = []) {
  items = items.map((item) => ({ ...item, checked: chosen.includes(item.code) }));
  return html`<fieldset class="govuk-form-group field picker" id="${name}"><legend>${label}</legend>
    <label for="${name}-search" class="govuk-visually-hidden">Search ${label.toLowerCase()}</label>
    <input id="${name}-search" class="picker-search" type="search" placeholder="Search ${label.toLowerCase()}" data-picker="${name}">
    <ul class="choices picker-list" id="${name}-list">${items.map(
      (item) => html`<li ${item.hidden ? html`data-hidden-until-search ${item.checked ? '' : html`hidden`}` : ''} class="indent-${item.indent ?? 0}"><label><input type="checkbox" name="${name}" value="${item.code}" ${item.checked ? html`checked` : ''}> ${item.name} <span class="govuk-hint hint">${item.detail ?? ''}</span></label></li>`,
    )}</ul></fieldset>`;
}

/** Each audience followed by the audiences within it, so the list reads as the taxonomy does. */
function asTree(nodes) {
  const children = (code) => nodes.filter((n) => (n.parent?.code ?? null) === code);
  const walk = (code, depth) => children(code).flatMap((node) => [{ node, depth }, ...walk(node.code, depth + 1)]);
  return walk(null, 0);
}

/** Makes every picker in `form` narrow its list as its search box is typed in. */
export function searchPickers(form) {
  for (const search of form.querySelectorAll('.picker-search')) search.addEventListener('input', () => filterPicker(search));
}

function filterPicker(search) {
  const words = search.value.trim().toLowerCase();
  for (const item of document.querySelectorAll(`#${search.dataset.picker}-list li`)) {
    const text = item.textContent.toLowerCase();
    const checked = item.querySelector('input').checked;
    item.hidden = !checked && (words ? !text.includes(words) : item.hasAttribute('data-hidden-until-search'));
  }
}


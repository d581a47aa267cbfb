// Builds markup from template strings, escaping every interpolated value unless it is itself
// markup made by html`` (or marked with raw()).
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

class Markup extends String {}

export function html(strings, ...values) {
  return new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}
export const raw = (text) => new Markup(text);
const render = (value) => (Array.isArray(value) ? value.map(render).join('') : value instanceof Markup ? value.toString() : escape(value));

/** <option>s for [value, text] pairs, the one whose value is `chosen` selected. */
export const options = (entries, chosen) => entries.map(([value, text]) => html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${text}</option>`);

/** The [code, name] pairs of rows, for options(). */
export const codesAndNames = (rows) => rows.map((row) => [row.code, row.name]);

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * For views that fetch as the user types or chooses: each call to the function returned takes a
 * ticket, and `isLatest()` on it says whether a later call has been made since, so that a slow
 * answer to an earlier choice never replaces a later one's.
 */
export function tickets() {
  let issued = 0;
  return () => {
    const ticket = ++issued;
    return { isLatest: () => ticket === issued };
  };
}

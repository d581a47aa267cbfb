import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { html } from '../html.js';

export const CONFLICT_FIELDS = `id kind severity explanation stored acknowledgement { note by { name } at }
  other { id title leadOfficer { name email } }`;

const KIND_NAMES = { OVERLAP: 'Overlap', DUPLICATE: 'Duplicate', FATIGUE: 'Fatigue', BLACKOUT: 'Blackout' };

/** One clash as a list item: its severity, kind, the API's explanation, and the other consultation and whom to ask about it. */
export function clashItem(conflict, extra = '') {
  const other = conflict.other;
  const contact = other?.leadOfficer ? html` · ask <a href="mailto:${other.leadOfficer.email}">${other.leadOfficer.name}</a>` : '';
  return html`<li class="clash severity-${conflict.severity.toLowerCase()}">
      <p><span class="badge">${conflict.severity}</span> <strong>${KIND_NAMES[conflict.kind] ?? conflict.kind}</strong></p>
      <p class="explanation">${conflict.explanation}</p>
      ${other ? html`<p class="other">See <a href="#/consultation/${other.id}">${other.title}</a>${contact}</p>` : ''}${extra}
    </li>`;
}

/** Under a clash: copy its explanation, and its acknowledgement or, while it has none, a form to give one (`canAcknowledge`). */
export function clashActions(conflict, canAcknowledge = true) {
  const copy = html`<button type="button" class="copy secondary" data-text="${conflict.explanation}">Copy explanation</button>`;
  if (conflict.acknowledgement) {
    return html`${copy}<p class="acknowledged">Acknowledged by ${conflict.acknowledgement.by.name} on ${formatDate(conflict.acknowledgement.at.slice(0, 10))}: “${conflict.acknowledgement.note}”</p>`;
  }
  if (!conflict.stored || !canAcknowledge) return copy;
  return html`${copy}<form class="acknowledge stack" data-id="${conflict.id}">
      <label for="note-${conflict.id}">Why this clash is acceptable <span class="hint">(at least 10 characters)</span></label>
      <textarea id="note-${conflict.id}" name="note" rows="2" required minlength="10"></textarea>
      <button type="submit">Acknowledge</button>
    </form>`;
}

/** Makes the copy buttons and acknowledgement forms in `container` work; `done` redraws after an acknowledgement, `failed` shows a refusal. */
export function wireClashActions(container, done, failed) {
  container.querySelectorAll('form.acknowledge').forEach((form) =>
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await gql(`mutation($id: ID!, $note: String!) { acknowledgeConflict(id: $id, note: $note) { id } }`, { id: form.dataset.id, note: new FormData(form).get('note') });
        await done();
      } catch (error) {
        failed(error);
      }
    }),
  );
  container.querySelectorAll('button.copy').forEach((button) =>
    button.addEventListener('click', async () => {
      await navigator.clipboard?.writeText(button.dataset.text).catch(() => undefined);
      button.textContent = 'Copied';
    }),
  );
}

import { html } from '../html.js';

export const CONFLICT_FIELDS = `id kind severity explanation stored acknowledgement { note by { name } at }`;

const KIND_NAMES = { OVERLAP: 'Overlap', DUPLICATE: 'Duplicate', FATIGUE: 'Fatigue', BLACKOUT: 'Blackout' };

/** One clash as a list item: its severity, kind and the API's explanation. */
export function clashItem(conflict, extra = '') {
  return html`<li class="clash severity-${conflict.severity.toLowerCase()}">
      <p><span class="badge">${conflict.severity}</span> <strong>${KIND_NAMES[conflict.kind] ?? conflict.kind}</strong></p>
      <p class="explanation">${conflict.explanation}</p>${extra}
    </li>`;
}

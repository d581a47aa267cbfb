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

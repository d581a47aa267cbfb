import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { details } from '../govuk.js';
import { html } from '../html.js';

export const CONFLICT_FIELDS = `id kind severity explanation stored acknowledgement { note by { name } at }
  other { id title leadOfficer { name email } }`;

const KIND_NAMES = { OVERLAP: 'Overlap', DUPLICATE: 'Duplicate', FATIGUE: 'Fatigue', BLACKOUT: 'Blackout', PROTECTED: 'Protected window' };
/** What a clash with no other consultation is with. */
export const UNPAIRED_HEADINGS = { FATIGUE: 'Too many consultations asking the same people', BLACKOUT: 'During a blackout period' };
const RANK = { HIGH: 0, MEDIUM: 1, LOW: 2 };

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

/**
 * A clash to act on: every conflict with one other consultation (or a FATIGUE or BLACKOUT one
 * alone), at its worst open severity, and one form acknowledging all those still open with one
 * note. A settled one says so, and who settled it once when one note covers it all.
 */
export function clashGroup(group, { heading, context = '', canAcknowledge = true, anchor }) {
  const open = group.conflicts.filter((c) => !c.acknowledgement && c.stored);
  const shared = sharedAcknowledgement(group.conflicts);
  const hint = open.length > 1 ? `at least 10 characters; one note for all ${open.length} of its reasons` : 'at least 10 characters';
  return html`<li class="clash clash-group severity-${group.severity.toLowerCase()}${group.settled ? ' settled' : ''}" ${anchor ? html`id="clash-with-${anchor}"` : ''}>
      <h3><span class="badge">${group.severity}</span> ${heading}${group.settled ? html` <strong class="govuk-tag govuk-tag--green tag">Settled</strong>` : ''}</h3>${context}
      <ul class="clashes">${group.conflicts.map((c) => clashItem(c, conflictActions(c, !shared)))}</ul>
      ${shared ? acknowledgedLine(shared) : ''}
      ${canAcknowledge && open.length ? acknowledgeForm(open.map((c) => c.id), { key: open[0].id, label: 'Why this clash is acceptable', hint, button: 'Acknowledge' }) : ''}
    </li>`;
}

/** Every open clash among `groups` acknowledged with one note: tucked away, as it is a deliberate step. `key` tells apart several on a page. */
export function acknowledgeAll(groups, key = 'all') {
  const open = groups.filter((g) => !g.settled);
  const ids = open.flatMap((g) => g.conflicts.filter((c) => !c.acknowledgement && c.stored).map((c) => c.id));
  if (open.length < 2 || !ids.length) return '';
  return details(
    `Acknowledge all ${open.length} open clashes with one note`,
    acknowledgeForm(ids, { key, label: 'Why all these clashes are acceptable', hint: `at least 10 characters; one note for all ${ids.length} of their reasons`, button: `Acknowledge all ${open.length}` }),
    'acknowledge-all',
  );
}

/** Worst open severity first, settled ones last; otherwise in the order given. */
export const byUrgency = (groups) => [...groups].sort((a, b) => Number(a.settled) - Number(b.settled) || RANK[a.severity] - RANK[b.severity]);

/** A FATIGUE or BLACKOUT conflict as a group of its own. */
export const unpairedGroup = (conflict) => ({ severity: conflict.severity, settled: Boolean(conflict.acknowledgement), conflicts: [conflict] });

/**
 * Conflicts from the conflicts query grouped as Consultation.clashSummary groups them: by the
 * consultation they are told from and the other one, each at its worst open severity.
 */
export function groupByPair(conflicts) {
  const groups = new Map();
  for (const c of conflicts) {
    const key = `${c.consultation.id} ${c.other?.id ?? c.id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return byUrgency([...groups.values()].map((members) => {
    const open = members.filter((c) => !c.acknowledgement);
    const severity = (open.length ? open : members).map((c) => c.severity).sort((a, b) => RANK[a] - RANK[b])[0];
    return { severity, settled: open.length === 0, consultation: members[0].consultation, other: members[0].other, conflicts: members };
  }));
}

// Under a clash: copy its explanation, and who acknowledged it unless its group says so once.
function conflictActions(conflict, showAcknowledgement) {
  const copy = html`<button type="button" class="govuk-button govuk-button--secondary copy" data-text="${conflict.explanation}">Copy explanation</button>`;
  return showAcknowledgement && conflict.acknowledgement ? html`${copy}${acknowledgedLine(conflict.acknowledgement)}` : copy;
}

const acknowledgedLine = (a) => html`<p class="acknowledged">Acknowledged by ${a.by.name} on ${formatDate(a.at.slice(0, 10))}: “${a.note}”</p>`;

// The acknowledgement every conflict of a group shares (one note for the clash), if they do.
function sharedAcknowledgement(conflicts) {
  const [first] = conflicts.map((c) => c.acknowledgement);
  const same = (a) => a && a.note === first.note && a.by.name === first.by.name;
  return first && conflicts.length > 1 && conflicts.every((c) => same(c.acknowledgement)) ? first : null;
}

function acknowledgeForm(ids, { key, label, hint, button }) {
  return html`<form class="acknowledge stack" data-ids="${ids.join(' ')}">
      <label for="note-${key}">${label} <span class="govuk-hint hint">(${hint})</span></label>
      <textarea id="note-${key}" name="note" rows="2" required minlength="10"></textarea>
      <button type="submit" class="govuk-button">${button}</button>
    </form>`;
}

/** Makes the copy buttons and acknowledgement forms in `container` work; `done` redraws after an acknowledgement, `failed` shows a refusal. */
export function wireClashActions(container, done, failed) {
  container.querySelectorAll('form.acknowledge').forEach((form) =>
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        // All of them or none: one call, one note (acknowledgeConflicts).
        await gql(`mutation($ids: [ID!]!, $note: String!) { acknowledgeConflicts(ids: $ids, note: $note) { id } }`, { ids: form.dataset.ids.split(' '), note: new FormData(form).get('note') });
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

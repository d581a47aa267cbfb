import { gql } from '../api.js';
import { formatRange } from '../dates.js';
import { apiProblem, BUTTON, notificationBanner, SECONDARY, showErrors, tag } from '../govuk.js';
import { html } from '../html.js';
import { decisionText, REVIEW_TAGS } from './review-status.js';

// For coordinators: the plans the network's settings send to review before launch (reviewQueue),
// each with why; agree, or ask for changes, with a note its owner reads (reviewConsultation).
const QUEUE = `{ reviewQueue { consultation { id title startDate endDate organisation { name } } status reasons { kind explanation }
  decision { agree note reviewedAt reviewedBy { name } } } }`;
const DECIDE = `mutation($id: ID!, $agree: Boolean!, $note: String!) { reviewConsultation(id: $id, agree: $agree, note: $note) { status consultation { title } } }`;

export async function showReviewQueue(main, me, done) {
  document.title = 'Network review – Consultation Calendar';
  if (me.role !== 'COORDINATOR') {
    main.innerHTML = html`<h1 class="govuk-heading-l">Network review</h1><p class="govuk-body">Only network coordinators review plans before launch.</p>`;
    return;
  }
  const { reviewQueue } = await gql(QUEUE);
  main.innerHTML = html`
    <div id="review-errors"></div>
    ${done ? resultBanner(done) : ''}
    <h1 class="govuk-heading-l">Network review</h1>
    <p class="govuk-body">Plans the network's settings say need your agreement before launch, the soonest start first. Agree, or ask for changes: your note is shown to the plan's organisation.</p>
    ${reviewQueue.length
      ? html`<ul class="govuk-list review-queue">${reviewQueue.map(queueItem)}</ul>`
      : html`<p class="govuk-body all-clear">No plan is waiting for your agreement.</p>`}`;
  for (const form of main.querySelectorAll('form.review-decision')) wireDecision(main, me, form);
  const banner = done && main.querySelector('.govuk-notification-banner');
  if (banner) {
    banner.setAttribute('tabindex', '-1');
    banner.focus();
  }
}

function queueItem(r) {
  const c = r.consultation;
  return html`<li class="review-item">
    <h2 class="govuk-heading-m" id="review-${c.id}"><a class="govuk-link" href="#/consultation/${c.id}">${c.title}</a></h2>
    <p class="govuk-body">${c.organisation.name}, ${formatRange(c.startDate, c.endDate)} ${tag(...REVIEW_TAGS[r.status])}</p>
    <ul class="govuk-list govuk-list--bullet review-reasons">${r.reasons.map((reason) => html`<li>${reason.explanation}</li>`)}</ul>
    ${r.decision ? html`<p class="govuk-body review-decision">${decisionText(r.decision, r.status !== 'AWAITING')}</p>` : ''}
    <form class="review-decision" data-id="${c.id}" data-title="${c.title}" novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="note-${c.id}">Note to ${c.organisation.name}</label>
        <div class="govuk-hint" id="note-${c.id}-hint">What you agree to, or what to change</div>
        <textarea class="govuk-textarea" id="note-${c.id}" name="note" rows="2" maxlength="2000" aria-describedby="note-${c.id}-hint"></textarea>
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="${BUTTON}" value="agree">Agree<span class="govuk-visually-hidden"> to ${c.title}</span></button>
        <button type="submit" class="${SECONDARY}" value="changes">Ask for changes<span class="govuk-visually-hidden"> to ${c.title}</span></button>
      </div>
    </form>
  </li>`;
}

function wireDecision(main, me, form) {
  const errors = main.querySelector('#review-errors');
  const field = `note-${form.dataset.id}`;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const agree = event.submitter?.value === 'agree';
    const note = String(new FormData(form).get('note')).trim();
    const title = form.dataset.title;
    if (!note) {
      return showErrors(errors, form, [{ field, text: agree ? `Enter a note saying what you agree to for “${title}”` : `Enter a note saying what to change in “${title}”` }]);
    }
    try {
      const { reviewConsultation: decided } = await gql(DECIDE, { id: form.dataset.id, agree, note });
      await showReviewQueue(main, me, { title: decided.consultation?.title ?? title, status: decided.status, note });
    } catch (error) {
      const problem = apiProblem(form, error, ['note']);
      showErrors(errors, form, [error.field === 'note' ? { ...problem, field } : problem]);
    }
  });
}

// What the decision did, above the queue it changed.
function resultBanner({ title, status, note }) {
  const heading = status === 'AGREED' ? `You agreed to “${title}”: it may launch.` : `You asked for changes to “${title}”: it cannot launch until it is changed and agreed.`;
  return notificationBanner({ success: true, title: 'Success', id: 'review-done', heading, body: html`<p class="govuk-body">Your note: ${note}</p>` });
}

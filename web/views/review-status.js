import { formatDate } from '../dates.js';
import { errorSummary, tag } from '../govuk.js';
import { html } from '../html.js';

// Network review as its owner and the coordinator read it: where a plan stands (the network's
// settings say which plans need the coordinator's agreement before launch), why, and the latest
// decision with its note; and a launch refused for it (REVIEW_REQUIRED) as an error summary.

export const REVIEW_FIELDS = `review { status reasons { kind explanation } decision { agree note reviewedAt reviewedBy { name } } }`;
export const REVIEW_TAGS = {
  AWAITING: ['Awaiting agreement', 'yellow'],
  CHANGES_REQUESTED: ['Changes asked for', 'orange'],
  AGREED: ['Agreed', 'green'],
};

/** The coordinator's latest decision in words, or '' when there is none. */
export function decisionText(decision, stillStands = true) {
  if (!decision) return '';
  const by = decision.reviewedBy ? ` by ${decision.reviewedBy.name}` : '';
  const what = decision.agree ? 'Agreed' : 'Changes asked for';
  const earlier = stillStands ? '' : ' (earlier: the plan has changed since)';
  return `${what}${by} on ${formatDate(decision.reviewedAt.slice(0, 10))}${earlier}: ${decision.note}`;
}

/** The plan's review for its consultation page; nothing when it needs none (or the member may not see it). A coordinator is led to the queue. */
export function reviewSection(review, me) {
  if (!review || review.status === 'NOT_NEEDED') return '';
  // An agreement or a request for changes no longer covers the plan once it is AWAITING again.
  const stands = review.status !== 'AWAITING';
  const awaiting = {
    AWAITING: 'It cannot launch until the network coordinator agrees.',
    CHANGES_REQUESTED: 'The network coordinator asked for changes: change the plan, and it goes back to the coordinator.',
    AGREED: 'The network coordinator agreed: it may launch.',
  }[review.status];
  return html`<section aria-labelledby="review-heading" id="review">
    <h2 id="review-heading">Network review</h2>
    <p>${tag(...REVIEW_TAGS[review.status])} ${awaiting}</p>
    <h3 class="govuk-heading-s">Why it needs the coordinator's agreement</h3>
    <ul class="govuk-list govuk-list--bullet review-reasons">${review.reasons.map((r) => html`<li>${r.explanation}</li>`)}</ul>
    ${review.decision ? html`<p class="review-decision">${decisionText(review.decision, stands)}</p>` : ''}
    ${me.role === 'COORDINATOR' && review.status !== 'AGREED' ? html`<p><a class="govuk-link" href="#/review">Agree or ask for changes in Network review</a></p>` : ''}
  </section>`;
}

/** A launch refused with REVIEW_REQUIRED: what is awaited and why, each linking to the review on the page. */
export function reviewRefusal(extensions) {
  const reasons = (extensions.reasons ?? []).map((r) => ({ text: r.explanation, href: '#review' }));
  const note = extensions.note ? [{ text: `The coordinator asked for changes: ${extensions.note}`, href: '#review' }] : [];
  const title = extensions.reviewStatus === 'CHANGES_REQUESTED'
    ? 'This consultation cannot be launched until the changes the network coordinator asked for are made and agreed'
    : "This consultation cannot be launched until the network coordinator agrees";
  return errorSummary([...note, ...reasons], title);
}

import { formatDate } from '../dates.js';
import { html } from '../html.js';

// Good-practice advice (conflict kind ADVICE, always LOW, never blocking), apart from the clashes:
// each explanation with its source, as guidance, never as an error. The planning form's optional
// decision date and, for a statutory plan, the reason for a shorter period feed two of the rules.

export const ADVICE_FIELDS = 'id kind adviceRule explanation overlapStart';
const RULE_NAMES = {
  TOO_SHORT: 'Length',
  CLOSING_DAY: 'Closing day',
  SCHOOL_HOLIDAY: 'School holidays',
  HOLIDAY_SEASON: 'Holiday season',
  SHORT_NOTICE: 'Notice',
  DECISION_TOO_SOON: 'Time before the decision',
};

export const isAdvice = (conflict) => conflict.kind === 'ADVICE';

/** The advice as a list: what to do, then where the rule comes from (the API ends each explanation with "Source: …"). */
export function adviceList(advice) {
  return html`<ul class="govuk-list advice-list">${advice.map((a) => {
    const at = a.explanation.indexOf(' Source: ');
    const [what, source] = at < 0 ? [a.explanation, ''] : [a.explanation.slice(0, at), a.explanation.slice(at + 1)];
    return html`<li class="advice">
      <h3 class="govuk-heading-s">${RULE_NAMES[a.adviceRule] ?? a.adviceRule}</h3>
      <p class="govuk-body">${what}</p>
      ${source ? html`<p class="govuk-body-s advice-source">${source}</p>` : ''}
    </li>`;
  })}</ul>`;
}

/** The consultation page's section: its own organisation and coordinators see the advice (others get none). */
export function adviceSection(advice) {
  if (!advice?.length) return '';
  return html`<section aria-labelledby="advice-heading" id="good-practice">
    <h2 id="advice-heading">Good practice</h2>
    <p class="govuk-hint">Advice from the network's good-practice checks: worth acting on, but it never stops a launch.</p>
    ${adviceList(advice)}
  </section>`;
}

/**
 * A check asked with advice: true, split: the clashes counted and listed as before, and the
 * advice, which comes after every clash (so a plan with many clashes has it fetched in full by `more`).
 */
export async function splitAdvice(found, more) {
  const count = found.byKind.find((k) => k.kind === 'ADVICE')?.count ?? 0;
  let advice = found.conflicts.filter(isAdvice);
  if (advice.length < count) advice = (await more(found.total)).filter(isAdvice);
  const clashes = {
    total: found.total - count,
    bySeverity: found.bySeverity.map((s) => (s.severity === 'LOW' ? { ...s, count: s.count - count } : s)),
    conflicts: found.conflicts.filter((c) => !isAdvice(c)),
  };
  return { clashes, advice };
}

/** The planning form's two fields the advice reads: the decision date, and (statutory plans) why it is short. */
export const adviceFields = (plan) => html`
  <div class="govuk-form-group field"><label for="decisionDate">Decision date <span class="govuk-hint hint">(optional)</span></label>
    <p class="govuk-hint hint" id="decisionDate-hint">When the decision it informs is due: on or after the day it closes, leaving time to weigh the responses.</p>
    <input id="decisionDate" name="decisionDate" type="date" value="${plan.decisionDate ?? ''}" aria-describedby="decisionDate-hint"></div>
  <div class="govuk-form-group field" id="short-period" ${plan.statutory ? '' : html`hidden`}><label for="shortPeriodReason">Reason for a shorter period <span class="govuk-hint hint">(optional)</span></label>
    <p class="govuk-hint hint" id="shortPeriodReason-hint">A statutory consultation normally runs at least 12 weeks. If it cannot, say why: the check then leaves its length alone.</p>
    <textarea id="shortPeriodReason" name="shortPeriodReason" rows="2" maxlength="1000" aria-describedby="shortPeriodReason-hint" ${plan.statutory ? '' : html`disabled`}>${plan.shortPeriodReason ?? ''}</textarea></div>`;

/** The reason is asked only of a statutory plan (the rule reads it for no other): shown and sent while Statutory is ticked. */
export function wireAdviceFields(form) {
  const statutory = form.querySelector('input[name="statutory"]');
  statutory.addEventListener('change', () => {
    form.querySelector('#short-period').hidden = !statutory.checked;
    form.querySelector('#shortPeriodReason').disabled = !statutory.checked;
  });
}

/** What the two fields add to the plan's input. */
export function adviceInput(data) {
  return { decisionDate: data.get('decisionDate') || null, shortPeriodReason: String(data.get('shortPeriodReason') ?? '').trim() || null };
}

/** The form's own check of the decision date, in the words of its label. */
export const decisionProblem = (input) =>
  input.decisionDate && input.endDate && input.decisionDate < input.endDate ? [{ field: 'decisionDate', text: `The decision date must be the same as or after the end date (${formatDate(input.endDate)})` }] : [];

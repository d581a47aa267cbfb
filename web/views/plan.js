import { gql } from '../api.js';
import { addDays, daysBetween, formatRange, today } from '../dates.js';
import { apiProblem, characterCount, showErrors, startCharacterCounts } from '../govuk.js';
import { debounce, html, tickets } from '../html.js';
import { adviceFields, adviceInput, adviceList, ADVICE_FIELDS, decisionProblem, splitAdvice, wireAdviceFields } from './advice.js';
import { clashItem, CONFLICT_FIELDS } from './clashes.js';
import { CHANNELS } from './channels.js';
import { showKnown } from './known.js';
import { areaChoices, audienceChoices, picker, REFERENCE_QUERY, searchPickers } from './pickers.js';

// The planning form: checks the plan as the officer types, offers clear windows, and saves a new
// plan or a change to one already registered (which is then checked without itself).
const FIELDS = ['title', 'summary', 'topics', 'areaCodes', 'audienceCodes', 'channels', 'startDate', 'endDate', 'expectedRespondents', 'leadOfficerEmail', 'public', 'decisionDate', 'shortPeriodReason'];

const EDITABLE = ['DRAFT', 'PLANNED', 'LIVE'];
/** The API's limit on a summary (LIMITS.summary). */
const SUMMARY_LIMIT = 4000;

/** The planning form: a new plan, or (given an id) a change to one of the organisation's own. */
export async function showPlan(main, me, id) {
  const [{ areas, audiences }, current, publicByDefault] = await Promise.all([gql(REFERENCE_QUERY), id ? editable(main, me, id) : undefined, id ? undefined : organisationsDefault()]);
  if (id && !current) return;
  document.title = `${current ? 'Change a consultation' : 'Plan a consultation'} – Consultation Calendar`;
  const start = addDays(today(), 28);
  const plan = current ?? { title: '', summary: '', topics: [], startDate: start, endDate: addDays(start, 41), areas: [], audiences: [], channels: [], public: publicByDefault };
  const codes = (list) => list.map((item) => item.code);
  main.innerHTML = html`
    <div id="plan-errors"></div>
    <h1>${current ? html`Change “${current.title}”` : 'Plan a consultation'}</h1>
    <div class="plan">
      <form id="plan" class="stack" novalidate data-id="${current?.id ?? ''}">
        <div class="govuk-form-group field"><label for="title">Title</label><input id="title" name="title" required maxlength="200" value="${plan.title}"></div>
        ${characterCount({ id: 'summary', label: html`Summary <span class="govuk-hint hint">(optional)</span>`, maxlength: SUMMARY_LIMIT, value: plan.summary })}
        <div class="govuk-form-group field"><label for="topics">Topics <span class="govuk-hint hint">(separated by commas)</span></label><input id="topics" name="topics" value="${plan.topics.join(', ')}"></div>
        <div class="row">
          <div class="govuk-form-group field"><label for="startDate">Starts</label><input id="startDate" name="startDate" type="date" value="${plan.startDate}" required></div>
          <div class="govuk-form-group field"><label for="endDate">Ends</label><input id="endDate" name="endDate" type="date" value="${plan.endDate}" required></div>
        </div>
        ${picker('areaCodes', 'Areas', areaChoices(areas), codes(plan.areas))}
        ${picker('audienceCodes', 'Audiences', audienceChoices(audiences), codes(plan.audiences))}
        <div class="row">
          <div class="govuk-form-group field"><label for="expectedRespondents">Expected respondents <span class="govuk-hint hint">(optional)</span></label><input id="expectedRespondents" name="expectedRespondents" type="number" min="0" max="10000000" step="1" value="${plan.expectedRespondents ?? ''}"></div>
          <div class="govuk-form-group field"><label for="leadOfficerEmail">Lead officer's email <span class="govuk-hint hint">(optional; you if left empty)</span></label><input id="leadOfficerEmail" name="leadOfficerEmail" type="email" maxlength="320" value="${plan.leadOfficer?.email ?? ''}"></div>
        </div>
        <label class="check"><input type="checkbox" name="statutory" ${plan.statutory ? html`checked` : ''}> A statutory consultation (required by law)</label>
        ${adviceFields(plan)}
        <fieldset class="govuk-form-group field" id="channels"><legend>Channels</legend>
          <div class="choices">${Object.entries(CHANNELS).map(([code, name]) => html`<label><input type="checkbox" name="channels" value="${code}" ${plan.channels.includes(code) ? html`checked` : ''}> ${name}</label>`)}</div>
        </fieldset>
        ${publicField(plan)}
        <div class="actions">
          <button type="button" class="govuk-button govuk-button--secondary" id="find-window">Find a clear window</button>
          ${me.role === 'VIEWER' ? html`<span class="govuk-hint hint">As a viewer you can check a plan; an officer of your organisation registers it.</span>` : html`
          ${!current || current.status === 'DRAFT' ? html`<button type="button" id="save-draft" class="govuk-button govuk-button--secondary">${current ? 'Save draft' : 'Save as draft'}</button>` : ''}
          <button type="submit" class="govuk-button" id="register">${current && current.status !== 'DRAFT' ? 'Save changes' : 'Register'}</button>`}
        </div>
      </form>
      <aside class="stack">
        <section aria-labelledby="clashes-heading"><h2 id="clashes-heading">Clashes</h2><div id="clashes" aria-live="polite"><p class="govuk-hint hint">Add a title, dates, areas and audiences to check this plan against the register.</p></div></section>
        <section aria-labelledby="join-heading" id="join-section" hidden><h2 id="join-heading">Ask to join instead</h2><div id="join-instead" aria-live="polite"></div></section>
        <section aria-labelledby="advice-heading" id="advice-section" hidden><h2 id="advice-heading">Good practice</h2><div id="advice" aria-live="polite"></div></section>
        <section aria-labelledby="windows-heading" id="windows-section" hidden><h2 id="windows-heading">Clear windows</h2><div id="windows" aria-live="polite"></div></section>
        <section aria-labelledby="known-heading" id="known-section" hidden><h2 id="known-heading">Already known</h2><div class="known" aria-live="polite"></div></section>
      </aside>
    </div>`;

  const form = main.querySelector('#plan');
  startCharacterCounts(form);
  const check = debounce(() => {
    checkPlan(main, form);
    showKnown(main.querySelector('#known-section'), planInput(form));
  }, 400);
  form.addEventListener('input', check);
  form.addEventListener('change', check);
  searchPickers(form);
  wireAdviceFields(form);
  main.querySelector('#find-window').addEventListener('click', () => findWindows(main, form));
  main.querySelector('#save-draft')?.addEventListener('click', () => save(main, form, 'DRAFT'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (me.role !== 'VIEWER') save(main, form, current && current.status !== 'DRAFT' ? undefined : 'PLANNED');
  });
  if (current) checkPlan(main, form); // its clashes as they stand, without itself
}

/** A new plan is on the public forward look if its organisation says so by default (a coordinator's setting). */
async function organisationsDefault() {
  const { me } = await gql(`{ me { organisation { publicByDefault } } }`);
  return me.organisation.publicByDefault;
}

// Whether residents see it on the public forward look: decided until launch, then as announced
// (the API refuses a change after launch, naming public: shown at this fieldset).
const publicField = (plan) => html`<fieldset class="govuk-form-group field" id="public" aria-describedby="public-hint"><legend>The public forward look</legend>
          <p class="govuk-hint hint" id="public-hint">Residents, parish clerks and community forums can see it there once it is planned. You can change this until it goes live.</p>
          <label class="check"><input type="checkbox" name="public" ${plan.public ? html`checked` : ''}> Show it on the public forward look</label>
        </fieldset>`;

/** One of the organisation's own consultations that can still change, or a page saying why not. */
async function editable(main, me, id) {
  const { consultation } = await gql(
    `query($id: ID!) { consultation(id: $id) { id title summary topics startDate endDate decisionDate shortPeriodReason status public channels expectedRespondents statutory leadOfficer { email } organisation { code } areas { code } audiences { code } } }`,
    { id },
  ).catch(() => ({ consultation: undefined }));
  const problem = !consultation ? 'There is no consultation at this address that you can see.'
    : consultation.organisation.code !== me.organisation.code ? 'Only its own organisation can change a consultation.'
    : !EDITABLE.includes(consultation.status) ? `A ${consultation.status.toLowerCase()} consultation cannot change.`
    : undefined;
  if (!problem) return consultation;
  main.innerHTML = html`<h1>This consultation cannot be changed here</h1><p>${problem}</p><p><a href="#/timeline">Back to the timeline</a></p>`;
  return undefined;
}

function planInput(form) {
  const data = new FormData(form);
  return {
    title: data.get('title').trim(),
    summary: data.get('summary').trim(),
    topics: data.get('topics').split(',').map((t) => t.trim()).filter(Boolean),
    areaCodes: data.getAll('areaCodes'),
    audienceCodes: data.getAll('audienceCodes'),
    channels: data.getAll('channels'),
    startDate: data.get('startDate'),
    endDate: data.get('endDate'),
    expectedRespondents: data.get('expectedRespondents') === '' ? null : Number(data.get('expectedRespondents')),
    statutory: data.has('statutory'),
    public: data.has('public'),
    ...adviceInput(data),
    ...(data.get('leadOfficerEmail').trim() ? { leadOfficerEmail: data.get('leadOfficerEmail').trim() } : {}),
  };
}

// A county-wide plan for everyone can meet thousands at national scale: the form lists the worst.
const CLASHES_SHOWN = 25;
// The most a check lists (the API's limit): the advice comes after every clash.
const MOST_LISTED = 1000;

/** "1 clash", or "12 clashes (2 high, 10 medium)". */
function clashCount({ total, bySeverity }) {
  if (total === 1) return '1 clash';
  const severities = bySeverity.filter((s) => s.count).map((s) => `${s.count} ${s.severity.toLowerCase()}`);
  return `${total} clashes (${severities.join(', ')})`;
}

const complete = (input) => input.title && input.startDate && input.endDate && input.areaCodes.length && input.audienceCodes.length;

const checking = tickets();

async function checkPlan(main, form) {
  const ticket = checking();
  const input = planInput(form);
  const target = main.querySelector('#clashes');
  if (!complete(input)) return;
  // An invalid plan is not checked: the list of an earlier, valid one would mislead beside it.
  const [problem] = problemsOf(input);
  if (problem) {
    target.innerHTML = html`<p class="govuk-hint hint">${problem.text} to check this plan against the register.</p>`;
    showAdvice(main, []);
    showJoinInstead(main, form, []);
    return;
  }
  offerJoining(main, form, input, ticket);
  try {
    const check = (first) => gql(
      `query($input: ConsultationInput!, $first: Int, $excludeId: ID) { checkConsultationSummary(input: $input, first: $first, excludeId: $excludeId, advice: true) { total bySeverity { severity count } byKind { kind count } conflicts { ${CONFLICT_FIELDS} otherOpenToPartners ${ADVICE_FIELDS} } } }`,
      { input, first, excludeId: editing(form) },
    ).then((answer) => answer.checkConsultationSummary);
    const { clashes: found, advice } = await splitAdvice(await check(CLASHES_SHOWN), async (all) => (await check(Math.min(all, MOST_LISTED))).conflicts);
    if (!ticket.isLatest()) return;
    showAdvice(main, advice);
    const shown = found.conflicts.length < found.total ? `; the ${found.conflicts.length} most severe:` : ':';
    target.innerHTML = found.total
      ? html`<p>${clashCount(found)} with what is already planned${shown}</p><ul class="clashes">${found.conflicts.map((c) => clashItem(c, joinInstead(c)))}</ul>`
      : html`<p class="all-clear">No clashes: nothing else reaches these people in these areas at this time.</p>`;
  } catch (error) {
    if (ticket.isLatest()) target.innerHTML = html`<p class="error">This plan could not be checked: ${error.message}</p>`;
  }
}

// Good practice beside the clashes, never as an error: hidden while there is none.
function showAdvice(main, advice) {
  main.querySelector('#advice-section').hidden = !advice.length;
  main.querySelector('#advice').innerHTML = advice.length ? adviceList(advice) : '';
}

const OPPORTUNITIES = `query($input: ConsultationInput!, $excludeId: ID) { partnerOpportunities(input: $input, excludeId: $excludeId) { id title startDate endDate organisation { name } } }`;

// Consultations open to partner questions that ask these people at about this time, whatever their
// topic and however slight the clash (a residents' survey is a low one, or none): asked beside the check.
async function offerJoining(main, form, input, ticket) {
  try {
    const { partnerOpportunities } = await gql(OPPORTUNITIES, { input, excludeId: editing(form) });
    if (ticket.isLatest()) showJoinInstead(main, form, partnerOpportunities);
  } catch {
    if (ticket.isLatest()) showJoinInstead(main, form, []); // the check beside it says what is wrong
  }
}

// Hidden while there is none. Each link leads to the consultation's page and its Ask to join form (naming the plan being changed, if any).
function showJoinInstead(main, form, offers) {
  main.querySelector('#join-section').hidden = !offers.length;
  const own = editing(form);
  main.querySelector('#join-instead').innerHTML = offers.length
    ? html`<p>${offers.length === 1 ? 'This consultation is' : 'These consultations are'} open to partner questions and ${offers.length === 1 ? 'asks' : 'ask'} the same people at about the same time. You could add your questions instead of asking them again.</p>
      <ul class="govuk-list join-instead">${offers.map((o) => html`<li><a class="govuk-link" href="#/consultation/${o.id}${own ? `/join/${own}` : ''}">Ask to join ${o.title} instead</a>
        <span class="govuk-hint hint">${o.organisation.name}, ${formatRange(o.startDate, o.endDate)}</span></li>`)}</ul>`
    : '';
}

// A clash with a consultation open to partner questions suggests joining it rather than asking the same people twice.
const joinInstead = (c) =>
  c.otherOpenToPartners ? html`<p class="open-to-partners">It is open to partner questions: <a href="#/consultation/${c.other.id}">ask to join it</a> with your questions instead.</p>` : '';

// Starts tried, in weeks from the plan's, when no clear window is found: the least clashing nearby.
const NEARBY_WEEKS = [-4, -3, -2, -1, 1, 2, 3, 4, 6, 8];

/** Clear windows, or else the least clashing dates nearby; either way the answer gets the focus. */
async function findWindows(main, form) {
  const input = { ...planInput(form), decisionDate: null }; // a window moves the close: the decision date would not follow
  const section = main.querySelector('#windows-section');
  const target = main.querySelector('#windows');
  section.hidden = false;
  const problems = problemsOf(input);
  if (problems.length) {
    target.innerHTML = html`<p>To find a clear window, first:</p><ul>${problems.map((p) => html`<li>${p.text.charAt(0).toLowerCase() + p.text.slice(1)}</li>`)}</ul>`;
    return focusAnswer(section);
  }
  const from = input.startDate > today() ? input.startDate : today();
  try {
    const { suggestWindows } = await gql(
      `query($input: ConsultationInput!, $from: Date!, $to: Date!, $excludeId: ID) { suggestWindows(input: $input, from: $from, to: $to, limit: 3, excludeId: $excludeId) { startDate endDate conflicts { severity } } }`,
      { input, from, to: addDays(from, 365), excludeId: editing(form) },
    );
    const offers = suggestWindows.length ? suggestWindows.map((w) => ({ ...w, words: w.conflicts.length ? `${w.conflicts.length} low clash${w.conflicts.length > 1 ? 'es' : ''}` : 'no clashes' })) : await leastClashing(input, editing(form));
    target.innerHTML = html`${suggestWindows.length ? '' : html`<p>No clear window of this length in the next year. The least clashing dates nearby:</p>`}
      <ul class="windows">${offers.map((w, i) => html`<li><span>${formatRange(w.startDate, w.endDate)} (${w.words})</span>
          <button type="button" class="govuk-button govuk-button--secondary" data-window="${i}">Use these dates<span class="govuk-visually-hidden">: ${formatRange(w.startDate, w.endDate)}</span></button></li>`)}</ul>`;
    target.querySelectorAll('button[data-window]').forEach((button) =>
      button.addEventListener('click', () => {
        const chosen = offers[Number(button.dataset.window)];
        form.startDate.value = chosen.startDate;
        form.endDate.value = chosen.endDate;
        checkPlan(main, form);
        form.startDate.focus();
      }),
    );
  } catch (error) {
    target.innerHTML = html`<p class="error">No windows could be found: ${error.message}</p>`;
  }
  focusAnswer(section);
}

// The answer is beside or below the button, often out of sight: focus takes the reader there.
function focusAnswer(section) {
  const heading = section.querySelector('h2');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

/** The plan moved a few weeks either way, the three with the fewest high, then medium, clashes. */
async function leastClashing(input, excludeId) {
  const length = daysBetween(input.startDate, input.endDate);
  const starts = NEARBY_WEEKS.map((weeks) => addDays(input.startDate, weeks * 7)).filter((start) => start >= today());
  const variables = Object.fromEntries(starts.map((start, i) => [`p${i}`, { ...input, startDate: start, endDate: addDays(start, length) }]));
  const checks = starts.map((_, i) => `w${i}: checkConsultationSummary(input: $p${i}, first: 1, excludeId: $excludeId) { bySeverity { severity count } }`);
  const answer = await gql(`query(${starts.map((_, i) => `$p${i}: ConsultationInput!`).join(', ')}, $excludeId: ID) { ${checks.join(' ')} }`, { ...variables, excludeId });
  const count = (i, severity) => answer[`w${i}`].bySeverity.find((s) => s.severity === severity)?.count ?? 0;
  return starts
    .map((start, i) => ({ startDate: start, endDate: addDays(start, length), high: count(i, 'HIGH'), medium: count(i, 'MEDIUM'), distance: Math.abs(NEARBY_WEEKS[i]) }))
    .sort((a, b) => a.high - b.high || a.medium - b.medium || a.distance - b.distance)
    .slice(0, 3)
    .map((w) => ({ ...w, words: openClashWords(w) }));
}

/** "1 medium clash", "2 high and 3 medium clashes". */
function openClashWords({ high, medium }) {
  const parts = [high && `${high} high`, medium && `${medium} medium`].filter(Boolean);
  return parts.length ? `${parts.join(' and ')} clash${high + medium === 1 ? '' : 'es'}` : 'no high or medium clash';
}

/** The consultation the form changes, if it is not a new one. */
const editing = (form) => form.dataset.id || undefined;

async function save(main, form, status) {
  const input = { ...planInput(form), status };
  const problems = problemsOf(input);
  if (problems.length) return showErrors(main.querySelector('#plan-errors'), form, problems);
  const id = editing(form);
  try {
    const saved = id
      ? (await gql(`mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`, { id, input })).updateConsultation
      : (await gql(`mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input })).registerConsultation;
    location.hash = `#/consultation/${saved.id}`;
  } catch (error) {
    showErrors(main.querySelector('#plan-errors'), form, [apiProblem(form, error, FIELDS)]);
  }
}

// What the form itself can tell before asking the API, in the words of its labels.
function problemsOf(input) {
  const problems = [];
  if (!input.title) problems.push({ field: 'title', text: 'Enter a title' });
  if (input.summary.length > SUMMARY_LIMIT) problems.push({ field: 'summary', text: `The summary must be ${SUMMARY_LIMIT.toLocaleString('en-GB')} characters or fewer` });
  if (!input.startDate) problems.push({ field: 'startDate', text: 'Enter the date it starts' });
  if (!input.endDate) problems.push({ field: 'endDate', text: 'Enter the date it ends' });
  else if (input.startDate && input.endDate < input.startDate) problems.push({ field: 'endDate', text: 'The end date must be the same as or after the start date' });
  if (!input.areaCodes.length) problems.push({ field: 'areaCodes', text: 'Choose at least one area' });
  if (!input.audienceCodes.length) problems.push({ field: 'audienceCodes', text: 'Choose at least one audience' });
  return [...problems, ...decisionProblem(input)];
}

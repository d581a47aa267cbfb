import { ApiError, gql } from '../api.js';
import { addDays, formatRange, today } from '../dates.js';
import { debounce, html, tickets } from '../html.js';
import { clashItem, CONFLICT_FIELDS } from './clashes.js';
import { showKnown } from './known.js';
import { areaChoices, audienceChoices, picker, REFERENCE_QUERY, searchPickers } from './pickers.js';

// The planning form: checks the plan as the officer types, offers clear windows, and saves a new
// plan or a change to one already registered (which is then checked without itself).
const CHANNELS = {
  ONLINE_SURVEY: 'Online survey', POSTAL_SURVEY: 'Postal survey', TELEPHONE: 'Telephone', FOCUS_GROUP: 'Focus group',
  PUBLIC_MEETING: 'Public meeting', DROP_IN: 'Drop-in', STREET_OUTREACH: 'Street outreach', PANEL_SURVEY: 'Panel survey',
  SCHOOLS: 'Schools', SOCIAL_MEDIA: 'Social media',
};
const FIELDS = ['title', 'summary', 'topics', 'areaCodes', 'audienceCodes', 'channels', 'startDate', 'endDate', 'expectedRespondents', 'leadOfficerEmail', 'public'];

const EDITABLE = ['DRAFT', 'PLANNED', 'LIVE'];

/** The planning form: a new plan, or (given an id) a change to one of the organisation's own. */
export async function showPlan(main, me, id) {
  const [{ areas, audiences }, current, publicByDefault] = await Promise.all([gql(REFERENCE_QUERY), id ? editable(main, me, id) : undefined, id ? undefined : organisationsDefault()]);
  if (id && !current) return;
  document.title = `${current ? 'Change a consultation' : 'Plan a consultation'} – Consultation Calendar`;
  const start = addDays(today(), 28);
  const plan = current ?? { title: '', summary: '', topics: [], startDate: start, endDate: addDays(start, 41), areas: [], audiences: [], channels: [], public: publicByDefault };
  const codes = (list) => list.map((item) => item.code);
  main.innerHTML = html`
    <h1>${current ? html`Change “${current.title}”` : 'Plan a consultation'}</h1>
    <div class="plan">
      <form id="plan" class="stack" novalidate data-id="${current?.id ?? ''}">
        <div class="field"><label for="title">Title</label><input id="title" name="title" required maxlength="200" value="${plan.title}"></div>
        <div class="field"><label for="summary">Summary <span class="hint">(optional)</span></label><textarea id="summary" name="summary" rows="3" maxlength="4000">${plan.summary}</textarea></div>
        <div class="field"><label for="topics">Topics <span class="hint">(separated by commas)</span></label><input id="topics" name="topics" value="${plan.topics.join(', ')}"></div>
        <div class="row">
          <div class="field"><label for="startDate">Starts</label><input id="startDate" name="startDate" type="date" value="${plan.startDate}" required></div>
          <div class="field"><label for="endDate">Ends</label><input id="endDate" name="endDate" type="date" value="${plan.endDate}" required></div>
        </div>
        ${picker('areaCodes', 'Areas', areaChoices(areas), codes(plan.areas))}
        ${picker('audienceCodes', 'Audiences', audienceChoices(audiences), codes(plan.audiences))}
        <div class="row">
          <div class="field"><label for="expectedRespondents">Expected respondents <span class="hint">(optional)</span></label><input id="expectedRespondents" name="expectedRespondents" type="number" min="0" max="10000000" step="1" value="${plan.expectedRespondents ?? ''}"></div>
          <div class="field"><label for="leadOfficerEmail">Lead officer's email <span class="hint">(optional; you if left empty)</span></label><input id="leadOfficerEmail" name="leadOfficerEmail" type="email" maxlength="320" value="${plan.leadOfficer?.email ?? ''}"></div>
        </div>
        <label class="check"><input type="checkbox" name="statutory" ${plan.statutory ? html`checked` : ''}> A statutory consultation (required by law)</label>
        <fieldset class="field" id="channels"><legend>Channels</legend>
          <div class="choices">${Object.entries(CHANNELS).map(([code, name]) => html`<label><input type="checkbox" name="channels" value="${code}" ${plan.channels.includes(code) ? html`checked` : ''}> ${name}</label>`)}</div>
        </fieldset>
        ${publicField(plan)}
        <div class="actions">
          <button type="button" id="find-window">Find a clear window</button>
          ${me.role === 'VIEWER' ? html`<span class="hint">As a viewer you can check a plan; an officer of your organisation registers it.</span>` : html`
          ${!current || current.status === 'DRAFT' ? html`<button type="button" id="save-draft" class="secondary">${current ? 'Save draft' : 'Save as draft'}</button>` : ''}
          <button type="submit" id="register">${current && current.status !== 'DRAFT' ? 'Save changes' : 'Register'}</button>`}
        </div>
        <p id="form-error" class="error" role="alert" hidden></p>
      </form>
      <aside class="stack">
        <section aria-labelledby="clashes-heading"><h2 id="clashes-heading">Clashes</h2><div id="clashes" aria-live="polite"><p class="hint">Add a title, dates, areas and audiences to check this plan against the register.</p></div></section>
        <section aria-labelledby="windows-heading" id="windows-section" hidden><h2 id="windows-heading">Clear windows</h2><div id="windows" aria-live="polite"></div></section>
        <section aria-labelledby="known-heading" id="known-section" hidden><h2 id="known-heading">Already known</h2><div class="known" aria-live="polite"></div></section>
      </aside>
    </div>`;

  const form = main.querySelector('#plan');
  const check = debounce(() => {
    checkPlan(main, form);
    showKnown(main.querySelector('#known-section'), planInput(form));
  }, 400);
  form.addEventListener('input', check);
  form.addEventListener('change', check);
  searchPickers(form);
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
const publicField = (plan) => html`<fieldset class="field" id="public" aria-describedby="public-hint"><legend>The public forward look</legend>
          <p class="hint" id="public-hint">Residents, parish clerks and community forums can see it there once it is planned. You can change this until it goes live.</p>
          <label class="check"><input type="checkbox" name="public" ${plan.public ? html`checked` : ''}> Show it on the public forward look</label>
        </fieldset>`;

/** One of the organisation's own consultations that can still change, or a page saying why not. */
async function editable(main, me, id) {
  const { consultation } = await gql(
    `query($id: ID!) { consultation(id: $id) { id title summary topics startDate endDate status public channels expectedRespondents statutory leadOfficer { email } organisation { code } areas { code } audiences { code } } }`,
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
    ...(data.get('leadOfficerEmail').trim() ? { leadOfficerEmail: data.get('leadOfficerEmail').trim() } : {}),
  };
}

// A county-wide plan for everyone can meet thousands at national scale: the form lists the worst.
const CLASHES_SHOWN = 25;

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
  try {
    const { checkConsultationSummary: found } = await gql(
      `query($input: ConsultationInput!, $first: Int, $excludeId: ID) { checkConsultationSummary(input: $input, first: $first, excludeId: $excludeId) { total bySeverity { severity count } conflicts { ${CONFLICT_FIELDS} } } }`,
      { input, first: CLASHES_SHOWN, excludeId: editing(form) },
    );
    if (!ticket.isLatest()) return;
    clearErrors(form);
    const shown = found.conflicts.length < found.total ? `; the ${found.conflicts.length} most severe:` : ':';
    target.innerHTML = found.total
      ? html`<p>${clashCount(found)} with what is already planned${shown}</p><ul class="clashes">${found.conflicts.map((c) => clashItem(c))}</ul>`
      : html`<p class="all-clear">No clashes: nothing else reaches these people in these areas at this time.</p>`;
  } catch (error) {
    if (ticket.isLatest()) showError(form, error);
  }
}

async function findWindows(main, form) {
  const input = planInput(form);
  const section = main.querySelector('#windows-section');
  const target = main.querySelector('#windows');
  section.hidden = false;
  if (!complete(input)) {
    target.innerHTML = html`<p>Add a title, dates, areas and audiences first.</p>`;
    return;
  }
  const from = input.startDate > today() ? input.startDate : today();
  try {
    const { suggestWindows } = await gql(
      `query($input: ConsultationInput!, $from: Date!, $to: Date!, $excludeId: ID) { suggestWindows(input: $input, from: $from, to: $to, limit: 3, excludeId: $excludeId) { startDate endDate conflicts { severity } } }`,
      { input, from, to: addDays(from, 365), excludeId: editing(form) },
    );
    target.innerHTML = suggestWindows.length
      ? html`<ul class="windows">${suggestWindows.map((w, i) => html`<li><span>${formatRange(w.startDate, w.endDate)}${w.conflicts.length ? ` (${w.conflicts.length} low clash${w.conflicts.length > 1 ? 'es' : ''})` : ' (no clashes)'}</span>
          <button type="button" data-window="${i}">Use these dates</button></li>`)}</ul>`
      : html`<p>No clear window of this length in the next year.</p>`;
    target.querySelectorAll('button[data-window]').forEach((button) =>
      button.addEventListener('click', () => {
        const chosen = suggestWindows[Number(button.dataset.window)];
        form.startDate.value = chosen.startDate;
        form.endDate.value = chosen.endDate;
        checkPlan(main, form);
        form.startDate.focus();
      }),
    );
  } catch (error) {
    showError(form, error);
  }
}

/** The consultation the form changes, if it is not a new one. */
const editing = (form) => form.dataset.id || undefined;

async function save(main, form, status) {
  const input = { ...planInput(form), status };
  const id = editing(form);
  try {
    const saved = id
      ? (await gql(`mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`, { id, input })).updateConsultation
      : (await gql(`mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, { input })).registerConsultation;
    location.hash = `#/consultation/${saved.id}`;
  } catch (error) {
    showError(form, error);
  }
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  form.querySelector('#form-error').hidden = true;
}

/** An API error goes beside the field it names; anything else above the buttons. */
function showError(form, error) {
  clearErrors(form);
  const field = error instanceof ApiError && FIELDS.includes(error.field) ? form.querySelector(`#${error.field}`) : undefined;
  if (!field) {
    const general = form.querySelector('#form-error');
    general.textContent = error.message;
    general.hidden = false;
    return;
  }
  const message = document.createElement('p');
  message.className = 'error field-error';
  message.id = `${error.field}-error`;
  message.textContent = error.message;
  field.insertAdjacentElement(field.tagName === 'FIELDSET' ? 'beforeend' : 'afterend', message);
  if (field.tagName !== 'FIELDSET') field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', message.id);
}

import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { apiProblem, BUTTON, clearErrors, SECONDARY, showErrors, tag, WARNING } from '../govuk.js';
import { html, options } from '../html.js';

// Joint consultations on a consultation's page: its partners; for its own organisation the requests
// to join it, accepted or declined with a note, and whether it is open to partner questions; for
// another organisation's officer, asking to join it (from a clash: #/consultation/<id>/join/<own plan>).
// Its request can be withdrawn while waiting, the partnership left once accepted; the owner can end a
// partner's part. Each asks for confirmation, with an optional note to the other side.

export const PARTNER_FIELDS = `openToPartners partners { organisation { name code } linkedConsultation { id title } }
  joinRequests { id status note cancelOwn requestedAt answerNote endNote organisation { name code } ownConsultation { id title } }`;
const STATUS_TAGS = {
  PENDING: ['Waiting for an answer', 'yellow'],
  ACCEPTED: ['Accepted', 'green'],
  DECLINED: ['Declined', 'grey'],
  WITHDRAWN: ['Withdrawn', 'grey'],
  LEFT: ['Left', 'grey'],
  REMOVED: ['Partnership ended', 'grey'],
};
const OPEN_REQUEST = ['PENDING', 'ACCEPTED'];
const JOINABLE = ['PLANNED', 'LIVE'];

export async function drawPartners(target, me, c, done) {
  const own = c.organisation.code === me.organisation.code;
  const canWrite = me.role !== 'VIEWER';
  const mine = c.joinRequests.find((r) => r.organisation.code === me.organisation.code && OPEN_REQUEST.includes(r.status));
  target.innerHTML = html`
    ${c.openToPartners ? html`<p>${tag('Open to partner questions', 'blue')} Other organisations asking the same people are welcome to add their questions.</p>` : ''}
    ${c.partners.length
      ? html`<ul class="govuk-list partners">${c.partners.map((p) => html`<li>${p.organisation.name}${p.linkedConsultation ? html`, with its <a href="#/consultation/${p.linkedConsultation.id}">${p.linkedConsultation.title}</a> as a linked part` : ''}
          ${own && canWrite ? endForm({ kind: 'remove', key: p.organisation.code, label: `Note to ${p.organisation.name} (optional)`, button: `Remove ${p.organisation.name}` }) : ''}</li>`)}</ul>`
      : html`<p>No partners yet.</p>`}
    ${own ? requestsList(c.joinRequests, canWrite) : mine ? yourRequest(mine, canWrite) : ''}
    ${own && canWrite && ['DRAFT', ...JOINABLE].includes(c.status) ? html`<button type="button" class="${SECONDARY}" id="open-to-partners">${c.openToPartners ? 'Close to partner questions' : 'Open to partner questions'}</button>` : ''}
    ${!own && canWrite && !mine && JOINABLE.includes(c.status) ? await askForm(me) : ''}`;
  target.querySelector('#open-to-partners')?.addEventListener('click', async () => {
    await gql(`mutation($id: ID!, $open: Boolean!) { setOpenToPartners(id: $id, open: $open) { id } }`, { id: c.id, open: !c.openToPartners });
    done();
  });
  for (const form of target.querySelectorAll('form.answer-request')) wireAnswer(form, done);
  for (const form of target.querySelectorAll('form.end-partnership')) wireEnd(form, c, done);
  const ask = target.querySelector('#ask-to-join');
  if (ask) wireAsk(ask, c, done);
}

function requestsList(requests, canWrite) {
  if (!requests.length) return html`<p>No organisation has asked to join it.</p>`;
  return html`<h3 class="govuk-heading-s">Requests to join</h3>
    <ul class="govuk-list join-requests">${requests.map((r) => html`<li class="join-request">
      <p><strong>${r.organisation.name}</strong> asked on ${formatDate(r.requestedAt.slice(0, 10))}: ${r.note} ${tag(...STATUS_TAGS[r.status])}</p>
      ${r.ownConsultation ? html`<p>Their own plan, <a href="#/consultation/${r.ownConsultation.id}">${r.ownConsultation.title}</a>, ${r.cancelOwn ? 'is cancelled if you accept' : 'becomes a linked part if you accept'}.</p>` : ''}
      ${r.answerNote ? html`<p>Your note: ${r.answerNote}</p>` : ''}
      ${r.endNote ? html`<p>${r.status === 'REMOVED' ? 'Your note on ending it' : 'Their note on ending it'}: ${r.endNote}</p>` : ''}
      ${canWrite && r.status === 'PENDING' ? html`<form class="answer-request" data-id="${r.id}" novalidate>
        <div class="answer-errors"></div>
        <div class="govuk-form-group"><label class="govuk-label" for="answer-note-${r.id}">Note to ${r.organisation.name} (optional)</label>
          <textarea class="govuk-textarea" id="answer-note-${r.id}" name="note" rows="2" maxlength="2000"></textarea></div>
        <div class="govuk-button-group">
          <button type="submit" class="${BUTTON}" value="accept">Accept ${r.organisation.name}</button>
          <button type="submit" class="${SECONDARY}" value="decline">Decline ${r.organisation.name}</button>
        </div>
      </form>` : ''}
    </li>`)}</ul>`;
}

function yourRequest(r, canWrite) {
  const end = r.status === 'PENDING'
    ? { kind: 'withdraw', key: r.id, label: 'Why, for the owner (optional)', button: 'Withdraw your request' }
    : { kind: 'leave', key: r.id, label: 'Why, for the owner (optional)', button: 'Leave the partnership' };
  return html`<p class="your-request">Your organisation asked to join it on ${formatDate(r.requestedAt.slice(0, 10))}: ${tag(...STATUS_TAGS[r.status])}${r.answerNote ? html` Their note: ${r.answerNote}` : ''}</p>
    ${canWrite ? endForm(end) : ''}`;
}

// Withdrawing a request, leaving, or removing a partner: an optional note and a button, confirmed before it is sent.
const END_MUTATIONS = {
  withdraw: [`mutation($id: ID!, $note: String) { withdrawJoinRequest(id: $id, note: $note) { id } }`, (c, key, note) => ({ id: key, note })],
  leave: [`mutation($id: ID!, $note: String) { leavePartnership(consultationId: $id, note: $note) { id } }`, (c, key, note) => ({ id: c.id, note })],
  remove: [`mutation($id: ID!, $code: String!, $note: String) { removePartner(consultationId: $id, organisationCode: $code, note: $note) { id } }`, (c, key, note) => ({ id: c.id, code: key, note })],
};
const CONFIRM = {
  withdraw: (c) => `Withdraw your request to join “${c.title}”? Its owner is told.`,
  leave: (c) => `Leave “${c.title}”? Your organisation stops being a partner: you no longer see it while it is a draft, and your linked plan can clash with it again. Its owner is told.`,
  remove: (c, form) => `End ${form.dataset.name}'s part in “${c.title}”? It stops being a partner, and its linked plan can clash with yours again. It is told.`,
};

function endForm({ kind, key, label, button }) {
  const id = `end-note-${kind}-${key}`;
  return html`<form class="end-partnership" data-kind="${kind}" data-key="${key}" data-name="${button.replace(/^Remove /, '')}" novalidate>
    <div class="end-errors"></div>
    <div class="govuk-form-group"><label class="govuk-label" for="${id}">${label}</label>
      <textarea class="govuk-textarea" id="${id}" name="note" rows="2" maxlength="2000"></textarea></div>
    <button type="submit" class="${kind === 'withdraw' ? SECONDARY : WARNING}">${button}</button>
  </form>`;
}

function wireEnd(form, c, done) {
  const errors = form.querySelector('.end-errors');
  const { kind, key } = form.dataset;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(errors, form);
    if (!confirm(CONFIRM[kind](c, form))) return;
    const [mutation, variables] = END_MUTATIONS[kind];
    try {
      await gql(mutation, variables(c, key, String(new FormData(form).get('note')).trim() || null));
      done();
    } catch (error) {
      const note = form.querySelector('textarea').id;
      showErrors(errors, form, [error.field === 'note' ? { field: note, text: error.message } : { text: error.message }]);
    }
  });
}

// The member's own organisation's open plans, any of which joining can replace or take in; the one in the address chosen.
async function askForm(me) {
  const { consultations } = await gql(`query($org: [String!]) { consultations(filter: { organisationCodes: $org, statuses: [DRAFT, PLANNED, LIVE] }, first: 100) { edges { node { id title } } } }`, {
    org: [me.organisation.code],
  });
  const chosen = location.hash.split('/')[4];
  const plans = consultations.edges.map(({ node }) => [node.id, node.title]);
  return html`<form id="ask-to-join" novalidate>
    <h3 class="govuk-heading-s">Ask to join</h3>
    <div id="ask-errors"></div>
    <div class="govuk-form-group"><label class="govuk-label" for="note">What your organisation wants to ask</label>
      <div class="govuk-hint" id="note-hint">The owner's officers are emailed this, and accept or decline.</div>
      <textarea class="govuk-textarea" id="note" name="note" rows="3" maxlength="2000" aria-describedby="note-hint"></textarea></div>
    <div class="govuk-form-group"><label class="govuk-label" for="ownConsultationId">Your own plan for the same people (optional)</label>
      <select class="govuk-select" id="ownConsultationId" name="ownConsultationId"><option value="">None</option>${options(plans, chosen)}</select></div>
    <fieldset class="govuk-fieldset govuk-form-group" id="cancelOwn"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">If they accept, your own plan is</legend>
      <div class="govuk-radios govuk-radios--small">
        <div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="keep-own" name="cancelOwn" value="false" checked><label class="govuk-label govuk-radios__label" for="keep-own">Kept as a linked part (the two no longer clash)</label></div>
        <div class="govuk-radios__item"><input class="govuk-radios__input" type="radio" id="cancel-own" name="cancelOwn" value="true"><label class="govuk-label govuk-radios__label" for="cancel-own">Cancelled, as joined</label></div>
      </div></fieldset>
    <button type="submit" class="${BUTTON}">Ask to join</button>
  </form>`;
}

function wireAsk(form, c, done) {
  const errors = form.querySelector('#ask-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(errors, form);
    const data = new FormData(form);
    const note = String(data.get('note')).trim();
    if (!note) return showErrors(errors, form, [{ field: 'note', text: 'Enter what your organisation wants to ask' }]);
    try {
      await gql(`mutation($id: ID!, $note: String!, $own: ID, $cancelOwn: Boolean) { requestToJoin(consultationId: $id, note: $note, ownConsultationId: $own, cancelOwn: $cancelOwn) { id } }`, {
        id: c.id,
        note,
        own: data.get('ownConsultationId') || null,
        cancelOwn: data.get('cancelOwn') === 'true',
      });
      done();
    } catch (error) {
      showErrors(errors, form, [apiProblem(form, error, ['note', 'ownConsultationId', 'cancelOwn'])]);
    }
  });
}

function wireAnswer(form, done) {
  const errors = form.querySelector('.answer-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const note = String(new FormData(form).get('note')).trim() || null;
    try {
      await gql(`mutation($id: ID!, $accept: Boolean!, $note: String) { answerJoinRequest(id: $id, accept: $accept, note: $note) { id } }`, {
        id: form.dataset.id,
        accept: event.submitter?.value === 'accept',
        note,
      });
      done();
    } catch (error) {
      showErrors(errors, form, [{ text: error.message }]);
    }
  });
}

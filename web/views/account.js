import { ApiError, gql } from '../api.js';
import { formatDate, today } from '../dates.js';
import { apiProblem, clearErrors, dateInput, dateInputValue, notificationBanner, SECONDARY, showErrors, tag, WARNING } from '../govuk.js';
import { html } from '../html.js';

// For every member: where they are signed in (each session ended here, at once) and their API keys
// for systems and scripts (created with a label and an optional last day, shown once; revoked here).
// Coordinators also find a member by email and end any of their sessions.
const ACCOUNT = `{
  mySessions { id method userAgent createdAt lastSeenAt current }
  myApiKeys { id label expiresOn createdAt lastUsedAt revokedAt }
}`;
const METHODS = { EMAIL_LINK: 'Emailed link', OIDC: 'Your organisation’s account', API_KEY: 'API key' };
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
const at = (instant) => (instant ? when.format(new Date(instant)) : 'Never');

export async function showAccount(main, me, created) {
  document.title = 'Sign-ins and API keys – Consultation Calendar';
  const { mySessions: sessions, myApiKeys: keys } = await gql(ACCOUNT);
  main.innerHTML = html`
    <div id="account-errors"></div>
    <h1 class="govuk-heading-l">Sign-ins and API keys</h1>
    <section aria-labelledby="sessions-heading">
      <h2 class="govuk-heading-m" id="sessions-heading">Where you are signed in</h2>
      ${sessionsTable('Your sessions', sessions)}
    </section>
    <section aria-labelledby="keys-heading">
      <h2 class="govuk-heading-m" id="keys-heading">API keys</h2>
      <p class="govuk-body">A key lets a system or script act as you (<code>Authorization: Bearer</code>). Only its hash is kept: it is shown once, when created.</p>
      ${created ? html`<div id="created-key">${notificationBanner({ success: true, title: 'Success', id: 'created-key', heading: `Your new key “${created.key.label}”. Copy it now: it will not be shown again.`, body: html`<p class="govuk-body"><code class="api-key">${created.apiKey}</code></p>` })}</div>` : ''}
      ${keys.length ? keysTable(keys) : html`<p class="govuk-body">You have no API keys.</p>`}
      <h3 class="govuk-heading-s">Create a key</h3>
      <form id="create-key" class="app-narrow" novalidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="label">Label</label>
          <div class="govuk-hint" id="label-hint">What uses it, such as “Forward plan sync (IT)”</div>
          <input class="govuk-input" id="label" name="label" maxlength="100" aria-describedby="label-hint" required>
        </div>
        ${dateInput({ id: 'expiresOn', legend: 'Last day it works (optional)', hint: 'For example, 31 3 2027. Left empty, it works until you revoke it.' })}
        <button type="submit" class="govuk-button">Create key</button>
      </form>
    </section>
    ${me.role === 'COORDINATOR' ? html`<section aria-labelledby="member-sessions-heading">
      <h2 class="govuk-heading-m" id="member-sessions-heading">A member’s sessions</h2>
      <p class="govuk-body">End a session of anyone in the network, a lost laptop’s for instance. Deactivating a member ends all of theirs.</p>
      <form id="find-member" class="app-narrow" novalidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="member-email">Member’s email</label>
          <input class="govuk-input" id="member-email" name="email" type="email" spellcheck="false" required>
        </div>
        <button type="submit" class="${SECONDARY}">Show their sessions</button>
      </form>
      <div id="member-sessions" aria-live="polite"></div>
    </section>` : ''}`;
  endButtons(main, () => showAccount(main, me));
  for (const button of main.querySelectorAll('button[data-revoke]')) {
    button.addEventListener('click', async () => {
      await gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: button.dataset.revoke });
      await showAccount(main, me);
    });
  }
  const errors = main.querySelector('#account-errors');
  main.querySelector('#create-key').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const label = data.get('label').trim();
    const expiresOn = dateInputValue(form, 'expiresOn');
    const problems = [
      ...(label ? [] : [{ field: 'label', text: 'Enter a label for the key, saying what uses it' }]),
      ...(expiresOn === undefined ? [{ field: 'expiresOn', text: 'The last day it works must be a real date, like 31 3 2027' }] : []),
    ];
    if (problems.length) return showErrors(errors, form, problems);
    clearErrors(errors, form);
    try {
      const { createApiKey } = await gql(`mutation($label: String!, $expiresOn: Date) { createApiKey(label: $label, expiresOn: $expiresOn) { apiKey key { label } } }`, {
        label,
        expiresOn: expiresOn || null,
      });
      await showAccount(main, me, createApiKey);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showErrors(errors, form, [apiProblem(form, error, ['label', 'expiresOn'])]);
    }
  });
  main.querySelector('#find-member')?.addEventListener('submit', (event) => {
    event.preventDefault();
    showMemberSessions(main.querySelector('#member-sessions'), new FormData(event.target).get('email').trim());
  });
}

function keysTable(keys) {
  const status = (k) => (k.revokedAt ? tag('Revoked', 'grey') : k.expiresOn && k.expiresOn < today() ? tag('Expired', 'grey') : tag('Works', 'green'));
  return html`<table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">Your API keys</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">${['Label', 'Status', 'Created', 'Last day', 'Last used', 'Actions'].map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}</tr></thead>
    <tbody class="govuk-table__body">${keys.map(
      (k) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${k.label}</th><td class="govuk-table__cell">${status(k)}</td>
        <td class="govuk-table__cell">${at(k.createdAt)}</td><td class="govuk-table__cell">${k.expiresOn ? formatDate(k.expiresOn) : 'Until revoked'}</td>
        <td class="govuk-table__cell">${at(k.lastUsedAt)}</td>
        <td class="govuk-table__cell">${k.revokedAt ? at(k.revokedAt) : html`<button type="button" class="${WARNING}" data-revoke="${k.id}">Revoke<span class="govuk-visually-hidden"> ${k.label}</span></button>`}</td></tr>`,
    )}</tbody></table>`;
}

function sessionsTable(caption, sessions) {
  return html`<table class="govuk-table data-table"><caption class="govuk-table__caption govuk-table__caption--s">${caption}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">${['Signed in', 'How', 'Browser', 'Last used', 'Actions'].map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}</tr></thead>
    <tbody class="govuk-table__body">${sessions.map(
      (s) => html`<tr class="govuk-table__row"><td class="govuk-table__cell">${at(s.createdAt)}</td><td class="govuk-table__cell">${METHODS[s.method] ?? s.method}</td>
        <td class="govuk-table__cell">${s.userAgent ?? 'Not known'}</td><td class="govuk-table__cell">${at(s.lastSeenAt)}</td>
        <td class="govuk-table__cell">${s.current ? tag('This browser', 'blue') : html`<button type="button" class="${SECONDARY}" data-end="${s.id}">End<span class="govuk-visually-hidden"> the session signed in ${at(s.createdAt)}</span></button>`}</td></tr>`,
    )}</tbody></table>`;
}

/** For coordinators: the open sessions of the member with this email, each with End. */
async function showMemberSessions(target, email) {
  const { members } = await gql(`query($filter: MemberFilter) { members(filter: $filter) { id name email } }`, { filter: { text: email } });
  const member = members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  if (!member) return (target.innerHTML = html`<p class="govuk-body">No active member has the email ${email}.</p>`);
  const { memberSessions } = await gql(`query($id: ID!) { memberSessions(memberId: $id) { id method userAgent createdAt lastSeenAt current } }`, { id: member.id });
  target.innerHTML = memberSessions.length ? sessionsTable(`Sessions of ${member.name}`, memberSessions) : html`<p class="govuk-body">${member.name} is not signed in anywhere.</p>`;
  endButtons(target, () => showMemberSessions(target, email));
}

/** Each End button in `within` ends its session, then `then` draws again. */
function endButtons(within, then) {
  for (const button of within.querySelectorAll('button[data-end]')) {
    button.addEventListener('click', async () => {
      await gql(`mutation($id: ID!) { endSession(id: $id) { id } }`, { id: button.dataset.end });
      await then();
    });
  }
}

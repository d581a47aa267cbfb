import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { html } from '../html.js';

// For every member: where they are signed in (each session ended here, at once) and their API keys
// for systems and scripts (created with a label and an optional last day, shown once; revoked here).
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
    <h1 class="govuk-heading-l">Sign-ins and API keys</h1>
    <section aria-labelledby="sessions-heading">
      <h2 class="govuk-heading-m" id="sessions-heading">Where you are signed in</h2>
      ${sessionsTable('Your sessions', sessions)}
    </section>
    <section aria-labelledby="keys-heading">
      <h2 class="govuk-heading-m" id="keys-heading">API keys</h2>
      <p class="govuk-body">A key lets a system or script act as you (Authorization: Bearer). Only its hash is kept: it is shown once, when created.</p>
      ${created ? html`<div class="govuk-panel" role="status" id="created-key"><p>Your new key “${created.key.label}”. Copy it now: it will not be shown again.</p><p><code>${created.apiKey}</code></p></div>` : ''}
      ${keys.length
        ? html`<table class="govuk-table data-table"><caption class="visually-hidden">Your API keys</caption>
        <thead><tr><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Works until</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
        <tbody>${keys.map(
          (k) => html`<tr><th scope="row">${k.label}</th><td>${at(k.createdAt)}</td><td>${k.expiresOn ? formatDate(k.expiresOn) : 'Until revoked'}</td><td>${at(k.lastUsedAt)}</td>
            <td>${k.revokedAt ? `Revoked ${at(k.revokedAt)}` : html`<button type="button" class="govuk-button govuk-button--warning" data-revoke="${k.id}">Revoke<span class="visually-hidden"> ${k.label}</span></button>`}</td></tr>`,
        )}</tbody></table>`
        : html`<p class="govuk-body">You have no API keys.</p>`}
      <h3 class="govuk-heading-s">Create a key</h3>
      <form id="create-key" class="app-narrow" novalidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="key-label">Label</label>
          <div class="govuk-hint" id="key-label-hint">What uses it, such as “Forward plan sync (IT)”</div>
          <input class="govuk-input" id="key-label" name="label" maxlength="100" aria-describedby="key-label-hint" required>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="key-expires">Last day it works (optional)</label>
          <input class="govuk-input govuk-input--width-10" id="key-expires" name="expiresOn" type="date">
        </div>
        <button type="submit" class="govuk-button">Create key</button>
        <p id="key-problem" class="govuk-error-message" role="alert"></p>
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
        <button type="submit" class="govuk-button govuk-button--secondary">Show their sessions</button>
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
  main.querySelector('#create-key').addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const label = data.get('label').trim();
    const problem = main.querySelector('#key-problem');
    if (!label) return (problem.textContent = 'Enter a label for the key');
    try {
      const { createApiKey } = await gql(`mutation($label: String!, $expiresOn: Date) { createApiKey(label: $label, expiresOn: $expiresOn) { apiKey key { label } } }`, {
        label,
        expiresOn: data.get('expiresOn') || null,
      });
      await showAccount(main, me, createApiKey);
    } catch (error) {
      problem.textContent = error.message;
    }
  });
  main.querySelector('#find-member')?.addEventListener('submit', (event) => {
    event.preventDefault();
    showMemberSessions(main.querySelector('#member-sessions'), new FormData(event.target).get('email').trim());
  });
}

/** For coordinators: the open sessions of the member with this email, each with End. */
async function showMemberSessions(target, email) {
  const { members } = await gql(`query($filter: MemberFilter) { members(filter: $filter) { id name email } }`, { filter: { text: email } });
  const member = members.find((m) => m.email.toLowerCase() === email.toLowerCase());
  if (!member) return (target.innerHTML = html`<p class="govuk-body">No active member has the email ${email}.</p>`);
  const { memberSessions } = await gql(`query($id: ID!) { memberSessions(memberId: $id) { id method userAgent createdAt lastSeenAt current } }`, { id: member.id });
  target.innerHTML = memberSessions.length
    ? sessionsTable(`Sessions of ${member.name}`, memberSessions)
    : html`<p class="govuk-body">${member.name} is not signed in anywhere.</p>`;
  endButtons(target, () => showMemberSessions(target, email));
}

function sessionsTable(caption, sessions) {
  return html`<table class="govuk-table data-table"><caption class="govuk-table__caption govuk-table__caption--s">${caption}</caption>
    <thead><tr><th scope="col">Signed in</th><th scope="col">How</th><th scope="col">Browser</th><th scope="col">Last used</th><th scope="col">Actions</th></tr></thead>
    <tbody>${sessions.map(
      (s) => html`<tr><td>${at(s.createdAt)}</td><td>${METHODS[s.method] ?? s.method}</td><td>${s.userAgent ?? 'Not known'}</td><td>${at(s.lastSeenAt)}</td>
        <td>${s.current ? 'This browser' : html`<button type="button" class="govuk-button govuk-button--secondary" data-end="${s.id}">End<span class="visually-hidden"> the session signed in ${at(s.createdAt)}</span></button>`}</td></tr>`,
    )}</tbody></table>`;
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

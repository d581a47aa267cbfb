import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { BUTTON, SECONDARY, WARNING } from '../govuk.js';
import { html } from '../html.js';

// A personal calendar feed: the network's consultations (and the blackout periods) in Outlook or
// Google Calendar, with the steps for each. The address holds a secret token, shown once; a feed
// no longer wanted is revoked here.
export async function showFeed(main) {
  document.title = 'Calendar feed – Consultation Calendar';
  main.innerHTML = html`
    <h1>Add the network's consultations to your calendar</h1>
    <p>A calendar feed puts every planned and running consultation in your own calendar, and keeps it up to date as plans change.
      Its address is personal: anyone who has it can read the feed, so keep it to yourself, and revoke it here if it gets out.</p>
    <form id="new-feed" class="app-narrow" novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="feed-label">Name this feed <span class="hint">(so that you know it again, for example “Outlook on my laptop”)</span></label>
        <input class="govuk-input" id="feed-label" name="label" maxlength="100" value="My calendar">
      </div>
      <button type="submit" class="${BUTTON}">Create my calendar feed</button>
    </form>
    <div id="created" tabindex="-1"></div>
    <h2>Subscribe in your calendar</h2>
    <p>Use the feed address from the box above. Calendars fetch a subscribed feed every few hours, so a change appears there later than here.</p>
    <h3>Outlook on the web (and the new Outlook for Windows)</h3>
    <ol class="govuk-list govuk-list--number">
      <li>Open your calendar and select <strong>Add calendar</strong>.</li>
      <li>Select <strong>Subscribe from web</strong>.</li>
      <li>Paste the feed address, name the calendar (for example “Consultations”) and select <strong>Import</strong>.</li>
    </ol>
    <h3>Outlook on the desktop (classic Outlook for Windows)</h3>
    <ol class="govuk-list govuk-list--number">
      <li>Go to the calendar. On the <strong>Home</strong> tab, select <strong>Add Calendar</strong>, then <strong>From Internet</strong>.</li>
      <li>Paste the feed address and select <strong>OK</strong>.</li>
      <li>When Outlook asks whether to add this calendar and subscribe to updates, select <strong>Yes</strong>.</li>
    </ol>
    <h3>Google Calendar</h3>
    <ol class="govuk-list govuk-list--number">
      <li>Open Google Calendar on a computer (the phone app cannot add one).</li>
      <li>Beside <strong>Other calendars</strong>, select <strong>+</strong>, then <strong>From URL</strong>.</li>
      <li>Paste the feed address and select <strong>Add calendar</strong>. It then shows on your phone too.</li>
    </ol>
    <h2>Your feeds</h2>
    <div id="feeds" aria-live="polite"></div>`;
  main.querySelector('#new-feed').addEventListener('submit', async (event) => {
    event.preventDefault();
    await create(main, new FormData(event.target).get('label').trim() || 'My calendar');
  });
  await showFeeds(main);
}

async function create(main, label) {
  const { createCalendarFeed: created } = await gql(`mutation($label: String!) { createCalendarFeed(label: $label) { consultationsUrl blackoutsUrl } }`, { label });
  const target = main.querySelector('#created');
  target.innerHTML = html`<div class="govuk-panel govuk-panel--confirmation app-feed-created">
      <h2 class="govuk-panel__title">Your feed “${label}” is ready</h2>
      <div class="govuk-panel__body">Copy its address now: it is shown only once.</div></div>
    ${address('feed-consultations', 'Feed address for consultations', created.consultationsUrl)}
    ${address('feed-blackouts', 'Feed address for blackout periods (a second calendar, if you want it)', created.blackoutsUrl)}`;
  for (const button of target.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      await navigator.clipboard?.writeText(main.querySelector(`#${button.dataset.copy}`).value).catch(() => undefined);
      button.textContent = 'Copied';
    });
  }
  target.focus();
  await showFeeds(main);
}

const address = (id, label, url) => html`<div class="govuk-form-group">
    <label class="govuk-label" for="${id}">${label}</label>
    <input class="govuk-input" id="${id}" value="${url}" readonly spellcheck="false">
  </div>
  <button type="button" class="${SECONDARY}" data-copy="${id}">Copy<span class="govuk-visually-hidden"> ${label.toLowerCase()}</span></button>`;

async function showFeeds(main) {
  const { myCalendarFeeds: feeds } = await gql(`{ myCalendarFeeds { id label createdAt lastUsedAt revokedAt } }`);
  const live = feeds.filter((f) => !f.revokedAt);
  const target = main.querySelector('#feeds');
  target.innerHTML = live.length
    ? html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">Your calendar feeds</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Created</th>
          <th scope="col" class="govuk-table__header">Last read by a calendar</th><th scope="col" class="govuk-table__header">Actions</th></tr></thead>
        <tbody class="govuk-table__body">${live.map((f) => html`<tr class="govuk-table__row"><td class="govuk-table__cell">${f.label}</td>
          <td class="govuk-table__cell">${formatDate(f.createdAt.slice(0, 10))}</td><td class="govuk-table__cell">${f.lastUsedAt ? formatDate(f.lastUsedAt.slice(0, 10)) : 'Not yet'}</td>
          <td class="govuk-table__cell"><button type="button" class="${WARNING}" data-revoke="${f.id}">Revoke<span class="govuk-visually-hidden"> ${f.label}</span></button></td></tr>`)}</tbody></table></div>`
    : html`<p>You have no calendar feeds.</p>`;
  for (const button of target.querySelectorAll('button[data-revoke]')) {
    button.addEventListener('click', async () => {
      if (!confirm('Revoke this feed? Calendars subscribed to it stop being updated at once.')) return;
      await gql(`mutation($id: ID!) { revokeCalendarFeed(id: $id) { id } }`, { id: button.dataset.revoke });
      await showFeeds(main);
    });
  }
}

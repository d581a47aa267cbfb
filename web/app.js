import { initAll } from '/govuk-frontend/6.6.0/govuk-frontend.min.js';
import { gql, session } from './api.js';
import { clearErrors, showErrors } from './govuk.js';
import { html } from './html.js';
import { keepTablesScrollable } from './scrolling-tables.js';
import { showAccount } from './views/account.js';
import { showBlackouts } from './views/blackouts.js';
import { showCodes } from './views/codes.js';
import { showConsultation } from './views/consultation.js';
import { showDigest } from './views/digest.js';
import { showFeed } from './views/feed.js';
import { showImport } from './views/import.js';
import { showLoad } from './views/load.js';
import { showMembers } from './views/members.js';
import { showNetworkClashes } from './views/network-clashes.js';
import { showPlan } from './views/plan.js';
import { showReference } from './views/reference.js';
import { showReviewQueue } from './views/review-queue.js';
import { showSingleSignOn } from './views/single-sign-on.js';
import { showTimeline } from './views/timeline.js';

// A hash router: #/timeline, #/load, #/clashes, #/plan (#/plan/<id> changes one), #/import, #/digest, #/blackouts, #/codes,
// #/members, #/reference and #/review (coordinators), #/consultation/<id>. Not signed in, the sign-in form
// (the address asked for is kept: signing in by email comes back to it).
const main = document.getElementById('main');
let me;

// GOV.UK Frontend's components (the service navigation's Menu button on a phone, the skip link)
// work only where its JavaScript runs: the class says so to its CSS (no inline script sets it).
document.body.classList.add('govuk-frontend-supported');
initAll();
keepTablesScrollable(main);

async function route() {
  if (location.hash && !location.hash.startsWith('#/')) return; // a link within the page (the skip link), not a page
  me ??= await whoAmI();
  if (!me) return showSignIn();
  const [, page, id] = location.hash.split('/');
  // Each visit draws into an element of its own: a view still waiting for an answer when the
  // member moves on draws into an element no longer on the page, never over the next view.
  const screen = document.createElement('div');
  main.replaceChildren(screen);
  const views = {
    load: () => showLoad(screen),
    clashes: () => showNetworkClashes(screen, me),
    plan: () => showPlan(screen, me, id),
    import: () => showImport(screen, me),
    blackouts: () => showBlackouts(screen, me),
    digest: () => showDigest(screen, me),
    feed: () => showFeed(screen),
    codes: () => showCodes(screen),
    members: () => showMembers(screen, me),
    reference: () => showReference(screen, me),
    review: () => showReviewQueue(screen, me),
    consultation: () => showConsultation(screen, me, id),
    account: () => showAccount(screen, me),
  };
  const view = views[page] ?? (() => showTimeline(screen, me));
  // Changing a consultation (#/plan/<id>) is not "Plan a consultation": no menu item is current.
  const current = page === 'plan' && id ? undefined : `#/${page || 'timeline'}`;
  for (const link of document.querySelectorAll('#nav a')) {
    const here = link.getAttribute('href') === current;
    link.toggleAttribute('aria-current', here);
    if (here) link.setAttribute('aria-current', 'page');
    link.parentElement.classList.toggle('govuk-service-navigation__item--active', here);
  }
  // On a phone the menu folds behind its button: once a page is chosen, it folds again.
  const toggle = document.querySelector('.govuk-js-service-navigation-toggle');
  if (toggle?.getAttribute('aria-expanded') === 'true') toggle.click();
  await view();
  main.focus();
}

async function whoAmI() {
  try {
    const { me: member } = await gql(`{ me { id name email role organisation { name code } } }`);
    document.getElementById('nav').hidden = false;
    for (const id of ['nav-members', 'nav-reference', 'nav-review']) document.getElementById(id).hidden = member.role !== 'COORDINATOR';
    document.getElementById('nav-import').hidden = member.role === 'VIEWER'; // viewers register nothing
    document.getElementById('who').innerHTML = html`<span>${member.name}, ${member.organisation.name}</span> <button type="button" id="sign-out" class="govuk-button govuk-button--secondary app-header__sign-out">Sign out</button>`;
    document.getElementById('sign-out').addEventListener('click', signOut);
    return member;
  } catch {
    return undefined;
  }
}

async function signOut() {
  await session.signOut();
  me = undefined;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').textContent = '';
  // The address loses its page without a hashchange: route() run by one would draw the sign-in form
  // again once its { me } came back, over a key being typed or a sign-in just made.
  history.replaceState(null, '', location.pathname + location.search);
  showSignIn();
}

function showSignIn(problem) {
  document.title = `${problem ? 'Error: ' : ''}Sign in – Consultation Calendar`;
  main.innerHTML = html`
    <div id="sign-in-errors"></div>
    <h1 class="govuk-heading-l">Sign in</h1>
    <div id="single-sign-on"></div>
    <form id="email-link" class="app-narrow" novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="email">Work email</label>
        <input class="govuk-input" id="email" name="email" type="email" autocomplete="email" spellcheck="false" required>
      </div>
      <button type="submit" class="govuk-button">Email me a link</button>
      <p id="link-sent" class="govuk-body" role="status"></p>
    </form>
    <h2 class="govuk-heading-m">Or with an API key</h2>
    <p class="govuk-body">Use the API key the network coordinator gave you. It is sent once; the browser keeps only a session.</p>
    <form id="sign-in" class="app-narrow" novalidate>
      <div class="govuk-form-group">
        <label class="govuk-label" for="api-key">API key</label>
        <input class="govuk-input" id="api-key" name="key" type="password" autocomplete="off" spellcheck="false" required>
      </div>
      <button type="submit" class="govuk-button">Sign in</button>
    </form>`;
  const errors = main.querySelector('#sign-in-errors');
  if (problem) showErrors(errors, main.querySelector('#sign-in'), [{ field: 'api-key', text: problem }]);
  showSingleSignOn(main.querySelector('#single-sign-on'), location.pathname + location.hash);
  main.querySelector('#email-link').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = main.querySelector('#link-sent');
    const email = new FormData(event.target).get('email').trim();
    if (!email.includes('@')) return showErrors(errors, event.target, [{ field: 'email', text: 'Enter your work email address, like name@council.gov.uk' }]);
    clearErrors(errors, event.target);
    try {
      status.textContent = (await session.emailLink(email, location.pathname + location.hash)).message;
    } catch (error) {
      status.textContent = error.message;
    }
  });
  main.querySelector('#sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await session.withKey(new FormData(event.target).get('key').trim());
    } catch {
      return showSignIn('That API key was not accepted. Check it and try again.');
    }
    route();
  });
}

window.addEventListener('hashchange', route);
route();

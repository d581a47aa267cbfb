import { gql, session } from './api.js';
import { html, raw } from './html.js';
import { showAccount } from './views/account.js';
import { showBlackouts } from './views/blackouts.js';
import { showCodes } from './views/codes.js';
import { showConsultation } from './views/consultation.js';
import { showDigest } from './views/digest.js';
import { showImport } from './views/import.js';
import { showLoad } from './views/load.js';
import { showMembers } from './views/members.js';
import { showNetworkClashes } from './views/network-clashes.js';
import { showPlan } from './views/plan.js';
import { showReference } from './views/reference.js';
import { showSingleSignOn } from './views/single-sign-on.js';
import { showTimeline } from './views/timeline.js';

// A hash router: #/timeline, #/load, #/clashes, #/plan (#/plan/<id> changes one), #/import, #/digest, #/blackouts, #/codes,
// #/members and #/reference (coordinators), #/consultation/<id>. Not signed in, the sign-in form
// (the address asked for is kept: signing in by email comes back to it).
const main = document.getElementById('main');
let me;

async function route() {
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
    import: () => showImport(screen),
    blackouts: () => showBlackouts(screen, me),
    digest: () => showDigest(screen, me),
    codes: () => showCodes(screen),
    members: () => showMembers(screen, me),
    reference: () => showReference(screen, me),
    consultation: () => showConsultation(screen, me, id),
    account: () => showAccount(screen, me),
  };
  const view = views[page] ?? (() => showTimeline(screen, me));
  // Changing a consultation (#/plan/<id>) is not "Plan a consultation": no menu item is current.
  const current = page === 'plan' && id ? undefined : `#/${page || 'timeline'}`;
  for (const link of document.querySelectorAll('#nav a')) link.toggleAttribute('aria-current', link.getAttribute('href') === current);
  await view();
  main.focus();
}

async function whoAmI() {
  try {
    const { me: member } = await gql(`{ me { id name email role organisation { name code } } }`);
    document.getElementById('nav').hidden = false;
    for (const id of ['nav-members', 'nav-reference']) document.getElementById(id).hidden = member.role !== 'COORDINATOR';
    document.getElementById('nav-import').hidden = member.role === 'VIEWER'; // viewers register nothing
    document.getElementById('who').innerHTML = html`${member.name}, ${member.organisation.name} <button type="button" id="sign-out">Sign out</button>`;
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
  location.hash = '';
  showSignIn();
}

function showSignIn(problem) {
  document.title = 'Sign in – Consultation Calendar';
  main.innerHTML = html`
    <h1>Sign in</h1>
    <div id="single-sign-on"></div>
    <form id="email-link" class="stack narrow">
      <label for="email">Work email</label>
      <input id="email" name="email" type="email" autocomplete="email" required>
      <button type="submit">Email me a link</button>
      <p id="link-sent" role="status"></p>
    </form>
    <h2>Or with an API key</h2>
    <p>Use the API key the network coordinator gave you. It is sent once; the browser keeps only a session.</p>
    <form id="sign-in" class="stack narrow">
      <label for="api-key">API key</label>
      <input id="api-key" name="key" type="password" autocomplete="off" required ${problem ? raw('aria-invalid="true" aria-describedby="key-problem"') : ''}>
      ${problem ? html`<p id="key-problem" class="error">${problem}</p>` : ''}
      <button type="submit">Sign in</button>
    </form>`;
  showSingleSignOn(main.querySelector('#single-sign-on'), location.pathname + location.hash);
  main.querySelector('#email-link').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = main.querySelector('#link-sent');
    try {
      status.textContent = (await session.emailLink(new FormData(event.target).get('email').trim(), location.pathname + location.hash)).message;
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

import { gql, session } from './api.js';
import { html, raw } from './html.js';
import { showBlackouts } from './views/blackouts.js';
import { showConsultation } from './views/consultation.js';
import { showDigest } from './views/digest.js';
import { showImport } from './views/import.js';
import { showLoad } from './views/load.js';
import { showMembers } from './views/members.js';
import { showPlan } from './views/plan.js';
import { showTimeline } from './views/timeline.js';

// A hash router: #/timeline, #/load, #/plan (#/plan/<id> changes one), #/import, #/digest, #/blackouts,
// #/members (coordinators), #/consultation/<id>. Without a key, the sign-in form.
const main = document.getElementById('main');
let me;

async function route() {
  if (!session.key()) return showSignIn();
  me ??= await whoAmI();
  if (!me) return showSignIn('That API key was not accepted. Check it and try again.');
  const [, page, id] = location.hash.split('/');
  const views = {
    load: () => showLoad(main),
    plan: () => showPlan(main, me, id),
    import: () => showImport(main),
    blackouts: () => showBlackouts(main, me),
    digest: () => showDigest(main, me),
    members: () => showMembers(main, me),
    consultation: () => showConsultation(main, me, id),
  };
  const view = views[page] ?? (() => showTimeline(main, me));
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
    document.getElementById('nav-members').hidden = member.role !== 'COORDINATOR';
    document.getElementById('nav-import').hidden = member.role === 'VIEWER'; // viewers register nothing
    document.getElementById('who').innerHTML = html`${member.name}, ${member.organisation.name} <button type="button" id="sign-out">Sign out</button>`;
    document.getElementById('sign-out').addEventListener('click', signOut);
    return member;
  } catch {
    session.signOut();
    return undefined;
  }
}

function signOut() {
  session.signOut();
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
    <p>Use the API key the network coordinator gave you. It is kept only while this tab is open.</p>
    <form id="sign-in" class="stack narrow">
      <label for="api-key">API key</label>
      <input id="api-key" name="key" type="password" autocomplete="off" required ${problem ? raw('aria-invalid="true" aria-describedby="key-problem"') : ''}>
      ${problem ? html`<p id="key-problem" class="error">${problem}</p>` : ''}
      <button type="submit">Sign in</button>
    </form>`;
  main.querySelector('#sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    session.signIn(new FormData(event.target).get('key').trim());
    route();
  });
}

window.addEventListener('hashchange', route);
route();

import { gql } from '../api.js';
import { codesAndNames, html, options, tickets } from '../html.js';

// For coordinators: the network's members, found by organisation or words; add one, change one's
// role, give one who lost their key a new key, or deactivate one. A key is shown once, here, and never again.
const ROLES = { VIEWER: 'Viewer', OFFICER: 'Officer', COORDINATOR: 'Coordinator' };
const MEMBER_FIELDS = 'id name email role active organisation { name }';
const state = { organisationCode: '', text: '', includeInactive: false };

export async function showMembers(main, me) {
  document.title = 'Members – Consultation Calendar';
  if (me.role !== 'COORDINATOR') {
    main.innerHTML = html`<h1>Members</h1><p>Only network coordinators manage members.</p>`;
    return;
  }
  const { organisations } = await gql(`{ organisations { code name } }`);
  const organisationOptions = (chosen, all) => html`${all ? html`<option value="">${all}</option>` : ''}${options(codesAndNames(organisations), chosen)}`;
  main.innerHTML = html`
    <h1>Members</h1>
    <form id="find" class="filters">
      <div class="govuk-form-group field"><label for="organisationCode">Organisation</label><select id="organisationCode" name="organisationCode">${organisationOptions(state.organisationCode, 'All organisations')}</select></div>
      <div class="govuk-form-group field"><label for="text">Name or email</label><input id="text" name="text" type="search" value="${state.text}"></div>
      <label class="check"><input type="checkbox" name="includeInactive" ${state.includeInactive ? html`checked` : ''}> Include deactivated members</label>
    </form>
    <p id="issued" role="status"></p>
    <div id="members" aria-live="polite"></div>
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">Add a member</h2>
      <form id="add" class="stack narrow">
        <div class="govuk-form-group field"><label for="new-organisation">Organisation</label><select id="new-organisation" name="organisationCode">${organisationOptions(me.organisation.code)}</select></div>
        <div class="govuk-form-group field"><label for="new-name">Name</label><input id="new-name" name="name" maxlength="200"></div>
        <div class="govuk-form-group field"><label for="new-email">Work email</label><input id="new-email" name="email" type="email" required maxlength="320"></div>
        <div class="govuk-form-group field"><label for="new-role">Role</label><select id="new-role" name="role">${options(Object.entries(ROLES), 'OFFICER')}</select></div>
        <div class="actions"><button type="submit" class="govuk-button">Add and show their key</button></div>
      </form>
    </section>`;
  const find = main.querySelector('#find');
  const refresh = () => {
    const data = new FormData(find);
    Object.assign(state, { organisationCode: data.get('organisationCode'), text: data.get('text').trim(), includeInactive: data.has('includeInactive') });
    showList(main, me);
  };
  find.addEventListener('change', refresh);
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  main.querySelector('#add').addEventListener('submit', (event) => {
    event.preventDefault();
    add(main, me, event.target);
  });
  await showList(main, me);
}

const listing = tickets();

async function showList(main, me) {
  const ticket = listing();
  const filter = { organisationCode: state.organisationCode || undefined, text: state.text || undefined, includeInactive: state.includeInactive };
  const { members } = await gql(`query($filter: MemberFilter) { members(filter: $filter) { ${MEMBER_FIELDS} } }`, { filter });
  if (!ticket.isLatest()) return;
  const target = main.querySelector('#members');
  target.innerHTML = members.length
    ? html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">Members</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">Email</th><th scope="col" class="govuk-table__header">Organisation</th><th scope="col" class="govuk-table__header">Role</th><th scope="col" class="govuk-table__header">Actions</th></tr></thead>
        <tbody class="govuk-table__body">${members.map((m) => html`<tr class="govuk-table__row${m.active ? '' : ' inactive'}">
          <td class="govuk-table__cell">${m.name}${m.active ? '' : html` <span class="govuk-hint hint">(deactivated)</span>`}</td><td class="govuk-table__cell">${m.email}</td><td class="govuk-table__cell">${m.organisation.name}</td><td class="govuk-table__cell">${m.id === me.id || !m.active ? ROLES[m.role] : html`<label class="govuk-visually-hidden" for="role-${m.id}">Role of ${m.name}</label>
            <select id="role-${m.id}" data-role-of="${m.id}" data-name="${m.name}">${options(Object.entries(ROLES), m.role)}</select>`}</td>
          <td class="govuk-table__cell actions">${m.id === me.id ? html`<span class="govuk-hint hint">you</span>` : html`
            <button type="button" class="govuk-button govuk-button--secondary" data-key="${m.id}" data-name="${m.name}">${m.active ? 'New key' : 'Reactivate with a new key'}</button>
            ${m.active ? html`<button type="button" class="govuk-button govuk-button--secondary" data-deactivate="${m.id}" data-name="${m.name}">Deactivate</button>` : ''}`}</td>
        </tr>`)}</tbody></table></div>`
    : html`<p>No members match.</p>`;
  for (const button of target.querySelectorAll('button[data-key]')) button.addEventListener('click', () => newKey(main, me, button.dataset.key, button.dataset.name));
  for (const select of target.querySelectorAll('select[data-role-of]')) select.addEventListener('change', () => changeRole(main, me, select));
  for (const button of target.querySelectorAll('button[data-deactivate]')) button.addEventListener('click', () => deactivate(main, me, button.dataset.deactivate, button.dataset.name));
}

async function add(main, me, form) {
  const data = new FormData(form);
  const input = { organisationCode: data.get('organisationCode'), email: data.get('email').trim(), role: data.get('role'), name: data.get('name').trim() || undefined };
  await act(main, me, async () => {
    const { createMember } = await gql(`mutation($input: CreateMemberInput!) { createMember(input: $input) { apiKey member { name email } } }`, { input });
    form.reset();
    return showKey(main, createMember, 'Added');
  });
}

async function newKey(main, me, id, name) {
  if (!confirm(`Give ${name} a new API key? Their current key stops working at once.`)) return;
  await act(main, me, async () => showKey(main, (await gql(`mutation($id: ID!) { issueApiKey(id: $id) { apiKey member { name email } } }`, { id })).issueApiKey, 'A new key for'));
}

async function changeRole(main, me, select) {
  const { roleOf: id, name } = select.dataset;
  const role = select.value;
  if (!confirm(`Make ${name} ${ROLES[role].toLowerCase()}? It applies to their next request.`)) return showList(main, me);
  await act(main, me, async () => {
    await gql(`mutation($id: ID!, $input: UpdateMemberInput!) { updateMember(id: $id, input: $input) { id } }`, { id, input: { role } });
    main.querySelector('#issued').textContent = `${name} is now ${ROLES[role].toLowerCase()}.`;
  });
}

async function deactivate(main, me, id, name) {
  if (!confirm(`Deactivate ${name}? Their API key and calendar feeds stop working and their digest stops.`)) return;
  await act(main, me, async () => {
    await gql(`mutation($id: ID!) { deactivateMember(id: $id) { id } }`, { id });
    main.querySelector('#issued').textContent = `${name} is deactivated.`;
  });
}

/** Runs a change, shows its outcome or its error above the list, and lists the members again. */
async function act(main, me, change) {
  const status = main.querySelector('#issued');
  status.className = '';
  try {
    await change();
  } catch (error) {
    status.textContent = error.message;
    status.className = 'error';
  }
  await showList(main, me);
}

function showKey(main, { apiKey, member }, what) {
  main.querySelector('#issued').innerHTML = html`${what} ${member.name} &lt;${member.email}&gt;. Their API key, shown only now: give it to them privately.
    <code class="api-key">${apiKey}</code>`;
}

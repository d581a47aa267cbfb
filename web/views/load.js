import { gql } from '../api.js';
import { addDays, formatRange, formatShort, mondayOf, today } from '../dates.js';
import { codesAndNames, html, options, tickets } from '../html.js';
import { LOADS } from './load-levels.js';

// The network's load: every district and unitary authority, week by week over a quarter, each
// cell the consultations live that week reaching the chosen audience there, coloured against the
// FATIGUE threshold. Where the network lead sees who is being asked too often, before it happens.
const WEEKS = 13;
const state = { start: undefined, audience: '' };
const drawing = tickets();

export async function showLoad(main) {
  document.title = 'Load – Consultation Calendar';
  state.start ??= mondayOf(today());
  const { audiences } = await gql(`{ audiences { code name } }`);
  main.innerHTML = html`
    <h1>Load across the network</h1>
    <form id="load-filters" class="filters">
      <div class="govuk-form-group field"><label for="load-audience">Audience</label><select id="load-audience" name="audience"><option value="">Everyone</option>${options(codesAndNames(audiences), state.audience)}</select></div>
    </form>
    <div class="actions"><button type="button" id="load-earlier" class="govuk-button govuk-button--secondary">Earlier</button><button type="button" id="load-later" class="govuk-button govuk-button--secondary">Later</button></div>
    <div id="load" aria-live="polite"></div>`;
  main.querySelector('#load-filters').addEventListener('change', (event) => {
    state.audience = event.target.value;
    draw(main);
  });
  main.querySelector('#load-earlier').addEventListener('click', () => shift(main, -1));
  main.querySelector('#load-later').addEventListener('click', () => shift(main, 1));
  await draw(main);
}

function shift(main, direction) {
  state.start = addDays(state.start, direction * WEEKS * 7);
  draw(main);
}

async function draw(main) {
  const ticket = drawing();
  const to = addDays(state.start, WEEKS * 7 - 1);
  const { calendar } = await gql(
    `query($from: Date!, $to: Date!, $audiences: [String!]) { calendar(from: $from, to: $to, audienceCodes: $audiences) {
       fatigueThreshold areas { code name } periods { start cells { count level } } } }`,
    { from: state.start, to, audiences: state.audience ? [state.audience] : null },
  );
  if (!ticket.isLatest()) return;
  const { areas, periods, fatigueThreshold } = calendar;
  main.querySelector('#load').innerHTML = html`
    <p>${formatRange(state.start, to)}: consultations live each week that reach ${state.audience ? main.querySelector('#load-audience').selectedOptions[0].text.toLowerCase() : 'anyone'};
      ${fatigueThreshold} is the fatigue limit, more is over it.</p>
    <div class="scrolls"><table class="govuk-table data-table load-grid"><caption class="govuk-table__caption govuk-visually-hidden">Consultations live each week, by area</caption>
      <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Area</th>${periods.map((p) => html`<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Week of </span>${formatShort(p.start)}</th>`)}</tr></thead>
      <tbody class="govuk-table__body">${areas.map((area, row) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${area.name}</th>${periods.map((p) => {
        const { count, level } = p.cells[row];
        return html`<td class="govuk-table__cell load-${LOADS[level].key}">${count}<span class="govuk-visually-hidden">, ${LOADS[level].words}</span></td>`;
      })}</tr>`)}</tbody>
    </table></div>`;
}

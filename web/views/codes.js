import { gql } from '../api.js';
import { html } from '../html.js';

// For every member: the codes a plan or a forward-plan spreadsheet is written in (the
// `npm run cli -- codes` listing, in the planner). Coordinators change them on Reference data.

// Whom an exercise asking an audience reaches: what makes two at once a burden.
export const REACHES = {
  ALL_ASKED: 'every member is contacted (a panel, the parish councils, staff): two at once ask the same people',
  GROUP: 'a specific group, partly reached (young people, tenants, patients)',
  GENERAL: 'the public at large (residents, businesses): two exercises rarely reach the same person',
};
const CHANNEL_KINDS = { PERSONAL: 'meets people', BROADCAST: 'publishes; a shared broadcast channel never sharpens a clash' };
const LEVELS = { COUNTY: 'County', DISTRICT: 'District', UNITARY: 'Unitary' };

const CODES = `{
  organisations { code name }
  audiences { code name reach parent { name } }
  clashRules { channels { channel kind } }
  counties: areas(level: COUNTY) { code name level }
  districts: areas(level: DISTRICT) { code name level }
  unitaries: areas(level: UNITARY) { code name level }
}`;

export async function showCodes(main) {
  document.title = 'Codes – Consultation Calendar';
  main.innerHTML = html`<h1>Codes</h1><p>Loading the codes…</p>`;
  const { organisations, audiences, clashRules, counties, districts, unitaries } = await gql(CODES);
  const areas = [...counties, ...districts, ...unitaries];
  main.innerHTML = html`
    <h1>Codes</h1>
    <p>The codes a plan or a forward-plan spreadsheet uses: the columns <code>organisation code</code>, <code>audience codes</code>, <code>channels</code> and <code>area codes</code>.</p>
    <section aria-labelledby="codes-organisations">
      <h2 id="codes-organisations">Organisations</h2>
      ${table('Organisations', ['Code', 'Name'], organisations.map((o) => [o.code, o.name]))}
    </section>
    <section aria-labelledby="codes-audiences">
      <h2 id="codes-audiences">Audiences</h2>
      <p>Each audience's reach decides how sharply two consultations asking it at once clash:</p>
      <dl class="details">${Object.entries(REACHES).map(([reach, meaning]) => html`<dt><code>${reach}</code></dt><dd>${meaning}</dd>`)}</dl>
      ${table('Audiences', ['Code', 'Name', 'Part of', 'Reach'], audiences.map((a) => [a.code, a.name, a.parent?.name ?? '', a.reach]))}
    </section>
    <section aria-labelledby="codes-channels">
      <h2 id="codes-channels">Channels</h2>
      <dl class="details">${Object.entries(CHANNEL_KINDS).map(([kind, meaning]) => html`<dt><code>${kind}</code></dt><dd>${meaning}</dd>`)}</dl>
      ${table('Channels', ['Code', 'Kind'], clashRules.channels.map((c) => [c.channel, c.kind]))}
    </section>
    <section aria-labelledby="codes-areas">
      <h2 id="codes-areas">Main areas</h2>
      <p>The county, its districts and the unitary council. Wards, divisions and other areas are on the planning form's area list.</p>
      ${table('Main areas', ['Code', 'Name', 'Level'], areas.map((a) => [a.code, a.name, LEVELS[a.level]]))}
    </section>`;
}

function table(caption, headings, rows) {
  return html`<div class="scrolls"><table class="govuk-table data-table"><caption class="govuk-table__caption govuk-visually-hidden">${caption}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">${headings.map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}</tr></thead>
    <tbody class="govuk-table__body">${rows.map(([code, ...cells]) => html`<tr class="govuk-table__row"><th scope="row" class="govuk-table__header"><code>${code}</code></th>${cells.map((cell) => html`<td class="govuk-table__cell">${cell}</td>`)}</tr>`)}</tbody></table></div>`;
}

import { gql } from '../api.js';
import { formatDate } from '../dates.js';
import { html, tickets } from '../html.js';

// "Already known": before asking, what past consultations found about the same thing, for the same
// people and places (the findings search: words stemmed, any of them; the best three).
const SHOWN = 3;
const asking = tickets();

/** The plan's topics and the words of its title, any of which may match ("parking or permits"). */
function searchText({ title, topics }) {
  const words = [...topics, ...title.split(/[^\p{L}\p{N}'-]+/u)].map((w) => w.trim()).filter((w) => w.length > 3);
  return [...new Set(words.map((w) => w.toLowerCase()))].map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' or ');
}

/** Matched words between ** and ** become <mark>; everything else stays text. */
const marked = (snippet) => snippet.split('**').map((part, i) => (i % 2 ? html`<mark>${part}</mark>` : part));

export async function showKnown(section, input) {
  const ticket = asking();
  const text = searchText(input);
  if (!text || !input.areaCodes.length || !input.audienceCodes.length) {
    section.hidden = true;
    return;
  }
  const { findings } = await gql(
    `query($text: String, $areaCodes: [String!], $audienceCodes: [String!], $first: Int!) { findings(text: $text, areaCodes: $areaCodes, audienceCodes: $audienceCodes, first: $first) {
      snippet consultation { id title endDate organisation { name } findings { responseCount reportUrl } } } }`,
    { text, areaCodes: input.areaCodes, audienceCodes: input.audienceCodes, first: SHOWN },
  ).catch(() => ({ findings: [] })); // a hint beside the form: the form's own errors say what is wrong
  if (!ticket.isLatest()) return;
  section.hidden = findings.length === 0;
  section.querySelector('.known').innerHTML = html`<p>Past consultations found this about the same people and places: read them before asking again.</p>
    <ul class="known-list">${findings.map(({ snippet, consultation: c }) => html`<li>
      <a href="#/consultation/${c.id}">${c.title}</a>
      <span class="govuk-hint hint">${c.organisation.name}, closed ${formatDate(c.endDate)}${c.findings ? `, ${c.findings.responseCount} responses` : ''}</span>
      <p>${marked(snippet)}</p>
      ${c.findings?.reportUrl ? html`<a href="${c.findings.reportUrl}" rel="noopener">The report</a>` : ''}
    </li>`)}</ul>`;
}

// Where a plan runs is judged by its areas; a place named in its text ("Burton bus station",
// "Stafford parks") says nothing of its topic, and two plans in one town would otherwise look
// alike by their wording. A capitalised word that is part of an area's name is such a place name;
// the same word in lower case ("parks", "green belt" aside from "Green") is left to the topic.

/** The lower-case words of area names, for withoutPlaceNames. */
export function placeWordsOf(areaNames: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const name of areaNames) for (const word of name.toLowerCase().match(WORD) ?? []) words.add(word);
  return words;
}

/** The text with its place names left out. */
export function withoutPlaceNames(text: string, placeWords: ReadonlySet<string>): string {
  return text.replace(CAPITALISED, (word) => (placeWords.has(word.toLowerCase()) ? ' ' : word));
}

/**
 * A plan's title and summary as the topic rule reads them. Each consultation keeps its own
 * (consultation.topic_title and topic_summary), made by this same function as a plan checked
 * against it is, so that two plans are compared alike whichever of them is checked.
 */
export function topicWording(plan: { title: string; summary: string }, placeWords: ReadonlySet<string>): { topicTitle: string; topicSummary: string } {
  return { topicTitle: withoutPlaceNames(plan.title, placeWords), topicSummary: withoutPlaceNames(plan.summary, placeWords) };
}

const WORD = /[a-z]+/g;
const CAPITALISED = /\b[A-Z][A-Za-z]*/g;

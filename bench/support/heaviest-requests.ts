// The heaviest requests GRAPHQL_MAX_WORK admits, built from the reference data a member reads:
// shared by npm run bench:event-loop (what they cost the event loop) and npm run soak -- --hostile
// (what they cost other members).

export interface Reference {
  areas: { code: string; level: string }[];
  audiences: { code: string }[];
}

export const REFERENCE_QUERY = '{ areas { code level } audiences { code } }';

export function heaviestRequests({ areas, audiences }: Reference) {
  const everyArea = areas.map((a) => a.code);
  const county = areas.find((a) => a.level === 'COUNTY')!.code;
  const everyAudience = audiences.map((a) => a.code);
  const plan = (areaCodes: string[]) => ({ title: 'Library opening hours and youth services review', topics: ['libraries'], areaCodes, audienceCodes: everyAudience, channels: ['ONLINE_SURVEY', 'DROP_IN'], startDate: '2027-03-01', endDate: '2027-03-28' });
  /** `count` aliases of `field`, which reads its input from $in. */
  const aliased = (count: number, field: string) => `query($in: ConsultationInput!) { ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
  return {
    areaCount: everyArea.length,
    audienceCount: everyAudience.length,
    aliased,
    /** A plan of every area and every audience, and one of the county and every audience. */
    everywhere: plan(everyArea),
    countyWide: plan([county]),
    check: 'checkConsultation(input: $in) { kind severity explanation }',
    // No clear window in two years for the county-wide plan: every start is judged.
    windows: 'suggestWindows(input: $in, from: "2027-01-01", to: "2028-12-31", limit: 20) { startDate }',
  };
}

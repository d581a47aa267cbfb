import { ReviewDecision, ReviewFacts, reviewReasons, basisOf, reviewStatus } from './review.rules';

describe('network review: which plans need the coordinator, and whether a decision stands', () => {
  const both = { panelUse: true, unacknowledgedHigh: true };
  const panel = { id: 'p1', name: "Citizens' Panel" };
  const plan = (over: Partial<ReviewFacts> = {}): ReviewFacts => ({ startDate: '2027-03-01', endDate: '2027-03-28', version: 3, allAsked: [], highClashes: [], ...over });
  const decided = (facts: ReviewFacts, agree: boolean, over: Partial<ReviewDecision> = {}): ReviewDecision => ({
    agree,
    note: agree ? 'Agreed: the panel is free that month' : 'Move it after the budget survey',
    basis: basisOf(reviewReasons(both, facts)),
    consultationVersion: facts.version,
    reviewedAt: new Date('2027-01-15T09:00:00Z'),
    reviewedById: 'm1',
    ...over,
  });

  it('asks nothing of a plan using no ALL_ASKED audience with no unacknowledged HIGH clash, nor of any plan with both settings off', () => {
    expect(reviewReasons(both, plan())).toEqual([]);
    expect(reviewReasons({ panelUse: false, unacknowledgedHigh: false }, plan({ allAsked: [panel], highClashes: [{ key: 'x', name: 'with "X" (Police)' }] }))).toEqual([]);
    expect(reviewStatus([], 3, null)).toBe('NOT_NEEDED');
  });

  it('gives each reason with its setting in plain words', () => {
    const reasons = reviewReasons(both, plan({ allAsked: [panel, { id: 'p2', name: 'Parish and town councils' }], highClashes: [{ key: 'x', name: 'with "Budget survey" (Staffordshire County Council)' }] }));
    expect(reasons.map((r) => r.kind)).toEqual(['PANEL_USE', 'UNACKNOWLEDGED_HIGH']);
    expect(reasons[0].explanation).toBe(
      "It asks Citizens' Panel and Parish and town councils, where every member is asked: the network agrees each use before launch, so that one panel is not asked twice at once (REVIEW_PANEL_USE).",
    );
    expect(reasons[1].explanation).toBe(
      'A HIGH clash is unacknowledged (with "Budget survey" (Staffordshire County Council)): the network\'s coordinator may agree to its launch over it, or each can be acknowledged (REVIEW_UNACKNOWLEDGED_HIGH).',
    );
    expect(reviewReasons({ panelUse: true, unacknowledgedHigh: false }, plan({ allAsked: [panel], highClashes: [{ key: 'x', name: 'x' }] })).map((r) => r.kind)).toEqual(['PANEL_USE']);
  });

  it('waits for a decision, and keeps an agreement while the plan needs nothing it did not cover', () => {
    const agreedOn = plan({ allAsked: [panel], highClashes: [{ key: 'x', name: 'x' }, { key: 'y', name: 'y' }] });
    const status = (facts: ReviewFacts, decision: ReviewDecision | null) => reviewStatus(reviewReasons(both, facts), facts.version, decision);
    expect(status(agreedOn, null)).toBe('AWAITING');
    const agreement = decided(agreedOn, true);
    expect(status(agreedOn, agreement)).toBe('AGREED');
    // Edited elsewhere, or a clash gone: still covered.
    expect(status({ ...agreedOn, version: 9, highClashes: [{ key: 'x', name: 'x' }] }, agreement)).toBe('AGREED');
    // A new clash, another panel, or the panel asked on other dates: agreement again.
    expect(status({ ...agreedOn, highClashes: [...agreedOn.highClashes, { key: 'z', name: 'z' }] }, agreement)).toBe('AWAITING');
    expect(status({ ...agreedOn, allAsked: [panel, { id: 'p2', name: 'Staff' }] }, agreement)).toBe('AWAITING');
    expect(status({ ...agreedOn, endDate: '2027-03-29' }, agreement)).toBe('AWAITING');
  });

  it('keeps a request for changes until the plan is edited, then waits again', () => {
    const facts = plan({ allAsked: [panel] });
    const request = decided(facts, false);
    expect(reviewStatus(reviewReasons(both, facts), facts.version, request)).toBe('CHANGES_REQUESTED');
    expect(reviewStatus(reviewReasons(both, facts), facts.version + 1, request)).toBe('AWAITING');
  });
});

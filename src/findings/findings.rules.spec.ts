import { findingsSentence, isResponseOverdue, lookAroundStart, overdueIfClosedBefore, responseDueDate } from './findings.rules';

describe('response due dates', () => {
  it.each([
    ['2027-03-31', 12, '2027-06-23'],
    ['2026-10-01', 4, '2026-10-29'], // across the clocks going back: still 28 calendar days
  ])('closing %s, due %i weeks later on %s', (end, weeks, due) => {
    expect(responseDueDate(end, weeks)).toBe(due);
  });

  it.each([
    ['CLOSED', '2027-06-23', false], // due today: not yet late
    ['CLOSED', '2027-06-24', true],
    ['REPORTED', '2027-09-01', false],
    ['LIVE', '2027-09-01', false],
  ] as const)('%s, today %s: overdue %s', (status, today, overdue) => {
    expect(isResponseOverdue(status, '2027-03-31', today, 12)).toBe(overdue);
  });

  it('agrees with the bound the SQL filter uses', () => {
    const before = overdueIfClosedBefore('2027-06-24', 12);
    expect(before).toBe('2027-04-01');
    expect(isResponseOverdue('CLOSED', '2027-03-31', '2027-06-24', 12)).toBe('2027-03-31' < before);
    expect(isResponseOverdue('CLOSED', before, '2027-06-24', 12)).toBe(false);
  });
});

describe('findings look-around and sentence', () => {
  it('reaches back whole calendar months', () => {
    expect(lookAroundStart('2027-03-31', 24)).toBe('2025-03-31');
    expect(lookAroundStart('2028-02-29', 12)).toBe('2027-02-28');
  });

  it('names whom and where it asked, about what, when, and how many answered', () => {
    const prior = { startDate: '2027-03-01', endDate: '2027-03-31', responseCount: 412, audiences: ['young people'], areas: ['Tamworth'], topics: ['youth services'] };
    expect(findingsSentence(prior, 'https://x/consultations/1#findings')).toBe(
      'It asked young people in Tamworth about youth services in March 2027, 412 responses: see its findings, https://x/consultations/1#findings.',
    );
    expect(findingsSentence({ ...prior, startDate: '2026-12-01', responseCount: 1412, topics: [] }, 'L')).toBe(
      'It asked young people in Tamworth in December 2026 – March 2027, 1,412 responses: see its findings, L.',
    );
    expect(findingsSentence({ ...prior, startDate: '2027-02-01', responseCount: 1, audiences: ['older people', 'carers'] }, 'L')).toContain(
      'asked older people and carers in Tamworth about youth services in February – March 2027, 1 response:',
    );
  });
});

import { blackoutSeeds, certaintyOf } from './blackout-data';

// The pre-election periods seeded from data/calendar-2026-2029.csv, as an officer meets them.
describe('pre-election blackout periods', () => {
  const preElection = blackoutSeeds().filter((b) => b.code.startsWith('PRE-ELECTION-'));
  const summary = preElection.map((b) => [b.code, b.severity, b.startDate, b.endDate, b.areaCodes.join(' ')]);

  it('blacks out a confirmed poll in HIGH, a proposed one in MEDIUM only where no confirmed poll is held, and one not expected in LOW', () => {
    expect(summary).toEqual([
      ['PRE-ELECTION-2026-05-07', 'HIGH', '2026-03-30', '2026-05-07', 'E07000192 E07000195 E07000199'],
      // Every district but Newcastle-under-Lyme, and Stoke, hold their ordinary polls in 2027; the
      // proposed county-wide shadow elections add Newcastle-under-Lyme alone.
      ['PRE-ELECTION-2027-05-06', 'HIGH', '2027-03-31', '2027-05-06', 'E06000021 E07000192 E07000193 E07000194 E07000196 E07000197 E07000198 E07000199'],
      ['PRE-ELECTION-2027-05-06-PROPOSED', 'MEDIUM', '2027-03-31', '2027-05-06', 'E07000195'],
      // Cannock Chase and Tamworth lie within the county, which the commissioner's poll covers.
      ['PRE-ELECTION-2028-05-04-NOT-EXPECTED', 'LOW', '2028-03-27', '2028-05-04', 'E06000021 E10000028'],
      ['PRE-ELECTION-2029-05-03-NOT-EXPECTED', 'LOW', '2029-03-27', '2029-05-03', 'E10000028'],
    ]);
  });

  it('says in the name when a poll is not certain', () => {
    expect(preElection.map((b) => b.name)).toEqual([
      'Pre-election period for the polls on 7 May 2026',
      'Pre-election period for the polls on 6 May 2027',
      'Pre-election period for the polls proposed for 6 May 2027 (not confirmed)',
      'Pre-election period for polls on 4 May 2028 that are not expected to be held',
      'Pre-election period for polls on 3 May 2029 that are not expected to be held',
    ]);
  });

  it('reads how certain a poll is from the words the data uses', () => {
    expect(certaintyOf('Tamworth Borough Council ordinary election - one third of seats (proposed postponement reversed 17 Feb 2026)')).toBe('CONFIRMED');
    expect(certaintyOf('Shadow unitary authority elections (PROPOSED April/May 2027, not confirmed; date assumed = ordinary day of election)')).toBe('PROPOSED');
    expect(certaintyOf('Staffordshire County Council ordinary election [county council due to be abolished 2028 under LGR - not expected]')).toBe('NOT_EXPECTED');
  });
});

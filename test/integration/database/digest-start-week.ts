import { parseIsoWeek } from '../../../src/common/dates/iso-week';
import { DigestQueue } from '../../../src/digest/digest-queue';
import { createTestApp, TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

// DIGEST_START_WEEK holds the schedule back on a new installation: the weekly run and the
// catch-up at start-up both plan through planAndQueue, which plans no week before it.
describe('DIGEST_START_WEEK', () => {
  let service: TestApp;
  const plannedFor = async (week: string) =>
    Number((await service.dataSource.query(`SELECT count(*) AS n FROM digest_delivery WHERE week = $1`, [week]))[0].n);

  beforeAll(async () => {
    service = await createTestApp({ DIGEST_START_WEEK: '2027-W02' });
    await service.member('SCC', 'OFFICER');
    await service.member('TBC', 'VIEWER');
  });
  afterAll(() => service?.close());

  it('plans no digest for a week before it, and plans the week itself as usual', async () => {
    const queue = service.app.get(DigestQueue);
    for (const week of ['2026-W52', '2026-W53', '2027-W01']) await queue.planAndQueue(parseIsoWeek(week)!);
    for (const week of ['2026-W52', '2026-W53', '2027-W01']) expect(await plannedFor(week)).toBe(0);

    await queue.planAndQueue(parseIsoWeek('2027-W02')!);
    expect(await plannedFor('2027-W02')).toBeGreaterThanOrEqual(2);
  });
});

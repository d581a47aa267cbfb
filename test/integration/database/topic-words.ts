import { createTestApp, TestApp } from '../../support/test-app';

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: ConsultationUpdateInput!) { updateConsultation(id: $id, input: $input) { id } }`;

// The word counts the topic rule weighs words by (migration 1765100000000-topic-words) stay equal to
// counting the register afresh, for the register and for each body, through every kind of write.
describe('topic word counts', () => {
  let t: TestApp;

  const counted = (table: string, key: string) =>
    t.dataSource.query(`SELECT ${key}, documents FROM ${table} WHERE documents <> 0 ORDER BY ${key}`);
  const recounted = (key: string) =>
    t.dataSource.query(`SELECT ${key}, count(*)::int AS documents FROM consultation, unnest(topic_words) AS word GROUP BY ${key} ORDER BY ${key}`);
  const expectCountsTrue = async () => {
    expect(await counted('topic_word_count', 'word')).toEqual(await recounted('word'));
    expect(await counted('topic_word_organisation_count', 'organisation_id, word')).toEqual(await recounted('organisation_id, word'));
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts words as plans are registered, reworded, moved to another body, registered in bulk and deleted', async () => {
    const officer = (await t.member('TBC', 'OFFICER')).apiKey;
    const plan = (title: string, summary: string) => ({ title, summary, areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2028-03-01', endDate: '2028-03-31' });
    const ids: string[] = [];
    for (const [title, summary] of [
      ['Bus routes in Tamworth', 'We want to hear your views on bus routes.'],
      ['Parks and play areas', 'We want to hear your views on parks.'],
      ['Town centre bus station', 'Tell us about the bus station.'],
    ]) ids.push((await t.ok(officer, REGISTER, { input: plan(title, summary) })).registerConsultation.id);
    const [bus] = await t.dataSource.query(`SELECT documents FROM topic_word_count WHERE word = 'bus'`);
    expect(bus.documents).toBe(2);
    await expectCountsTrue();

    await t.ok(officer, UPDATE, { id: ids[1], input: { title: 'Parks, play areas and bus shelters' } });
    await t.ok(officer, UPDATE, { id: ids[2], input: { startDate: '2028-03-02' } }); // no word changed
    await expectCountsTrue();

    await t.dataSource.query(`UPDATE consultation SET organisation_id = (SELECT id FROM organisation WHERE code = 'SP') WHERE id = $1`, [ids[0]]);
    await t.dataSource.query(
      `INSERT INTO consultation (organisation_id, title, summary, start_date, end_date, status, area_ids, audience_ids, area_block_ids, area_lineage_ids, audience_lineage_ids)
       SELECT organisation_id, title || ' (copy ' || n || ')', summary, start_date, end_date, 'DRAFT', area_ids, audience_ids, area_block_ids, area_lineage_ids, audience_lineage_ids
         FROM consultation, generate_series(1, 3) AS n`,
    );
    await expectCountsTrue();

    await t.dataSource.query(`DELETE FROM consultation WHERE id = $1 OR title LIKE '%(copy 2)'`, [ids[2]]);
    await expectCountsTrue();
  });
});

import { AreasService } from '../../../src/areas/areas.service';
import { createTestApp, TestApp } from '../../support/test-app';

// Areas, audiences and organisations are held in memory once read (ReferenceRows). What a
// member of the network would notice if that went wrong: a new area refused as unknown, or an
// area from a rolled-back transaction accepted.
describe('reference rows held in memory', () => {
  let t: TestApp;
  let areas: AreasService;
  const plan = (areaCode: string) => ({ title: 'Play areas', areaCodes: [areaCode], audienceCodes: ['RESIDENTS'], startDate: '2027-05-01', endDate: '2027-05-31' });
  const CHECK = `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } }`;

  beforeAll(async () => {
    t = await createTestApp();
    areas = t.app.get(AreasService);
  });
  afterAll(() => t.close());

  it('finds an area another process created after the codes around it were read', async () => {
    const officer = await t.member('TBC', 'OFFICER');
    await t.ok(officer.apiKey, CHECK, { input: plan('E07000199') });
    const before = await t.graphql(officer.apiKey, CHECK, { input: plan('TAM-NEW-WARD') });
    expect(before.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCodes' });

    // As the CLI or another instance of the service would: straight into the table.
    await t.dataSource.query(
      `INSERT INTO area (code, name, level, parent_id, lineage_ids)
       SELECT 'TAM-NEW-WARD', 'New ward', 'WARD', id, ARRAY[gen_random_uuid()] || lineage_ids FROM area WHERE code = 'E07000199'`,
    );
    expect((await t.graphql(officer.apiKey, CHECK, { input: plan('TAM-NEW-WARD') })).errors).toBeUndefined();
  });

  it('keeps no row read inside a transaction that was rolled back', async () => {
    const rolledBack = new Error('roll back');
    await expect(
      t.dataSource.transaction(async (manager) => {
        const created = await areas.create(undefined, { code: 'GHOST-AREA', name: 'Ghost', level: 'WARD' }, manager);
        expect((await areas.findByIds([created.id], manager)).map((a) => a.code)).toEqual(['GHOST-AREA']);
        expect((await areas.findByCodes(['GHOST-AREA'], 'areaCodes', manager)).map((a) => a.code)).toEqual(['GHOST-AREA']);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    await expect(areas.findByCodes(['GHOST-AREA'], 'areaCodes')).rejects.toMatchObject({ field: 'areaCodes' });
  });

  it('hands out rows no caller can change for the next', async () => {
    const [tamworth] = await areas.findByCodes(['E07000199'], 'areaCodes');
    expect(() => {
      (tamworth as { name: string }).name = 'Renamed';
    }).toThrow(TypeError);
    expect(() => (tamworth.lineageIds as string[]).push('x')).toThrow(TypeError);
    expect((await areas.findByCodes(['E07000199'], 'areaCodes'))[0].name).toBe('Tamworth');
  });
});

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../../src/database/data-source-options';
import { seedReferenceData } from '../../../src/seed/seed';
import { databaseUrl, readTestEnv } from '../../support/test-env';

// The seed on an empty, freshly migrated database: the real network, and nothing new the second time.
describe('reference data seed', () => {
  const name = `cc_test_${readTestEnv('runId')}_seed_${randomUUID().slice(0, 8)}`;
  const adminUrl = readTestEnv('adminUrl');
  let dataSource: DataSource;

  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    await runMigrations(databaseUrl(adminUrl, name));
    dataSource = await new DataSource(dataSourceOptions(databaseUrl(adminUrl, name), 2)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  // Every reference row, in a stable order: equal fingerprints mean nothing changed.
  const fingerprint = () =>
    dataSource.query(`
      SELECT (SELECT md5(string_agg(o::text, ',' ORDER BY code)) FROM organisation o) AS organisations,
             (SELECT md5(string_agg(a::text, ',' ORDER BY code)) FROM area a) AS areas,
             (SELECT md5(string_agg(a::text, ',' ORDER BY code)) FROM audience a) AS audiences,
             (SELECT md5(string_agg(b::text, ',' ORDER BY name)) FROM blackout_period b) AS blackouts,
             (SELECT count(*) FROM audit_log) AS audit_entries`);

  it('loads Staffordshire, its districts, Stoke-on-Trent, the member bodies and the audiences', async () => {
    const added = await seedReferenceData(dataSource);
    expect(added).toEqual({ organisations: 15, areas: 196, audiences: 21, blackouts: 11 });

    const districts: { code: string; name: string }[] = await dataSource.query(
      `SELECT d.code, d.name FROM area d JOIN area c ON c.id = d.parent_id WHERE c.code = 'E10000028' AND d.level = 'DISTRICT' ORDER BY d.code`,
    );
    expect(districts.map((d) => `${d.code} ${d.name}`)).toEqual([
      'E07000192 Cannock Chase',
      'E07000193 East Staffordshire',
      'E07000194 Lichfield',
      'E07000195 Newcastle-under-Lyme',
      'E07000196 South Staffordshire',
      'E07000197 Stafford',
      'E07000198 Staffordshire Moorlands',
      'E07000199 Tamworth',
    ]);
    const [stoke] = await dataSource.query(`SELECT name, level FROM area WHERE code = 'E06000021'`);
    expect(stoke).toEqual({ name: 'Stoke-on-Trent', level: 'UNITARY' });
    const kinds: { kind: string }[] = await dataSource.query(`SELECT DISTINCT kind FROM organisation ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual(['COMMISSIONER', 'COUNTY', 'DISTRICT', 'FIRE', 'NHS', 'POLICE', 'UNITARY', 'VOLUNTARY']);
    const youngPeople = await dataSource.query(`SELECT p.code FROM audience a JOIN audience p ON p.id = a.parent_id WHERE a.code = 'YOUNG_PEOPLE'`);
    expect(youngPeople).toEqual([{ code: 'RESIDENTS' }]);
    const panels = await dataSource.query(`SELECT code FROM audience WHERE kind = 'PANEL'`);
    expect(panels.length).toBeGreaterThanOrEqual(1);
  });

  it('changes nothing when run again', async () => {
    const before = await fingerprint();
    expect(await seedReferenceData(dataSource)).toEqual({ organisations: 0, areas: 0, audiences: 0, blackouts: 0 });
    expect(await fingerprint()).toEqual(before);
  });

  it('never overwrites a coordinator’s later edit', async () => {
    await dataSource.query(`UPDATE organisation SET name = 'Staffordshire Police (Corporate Comms)' WHERE code = 'SP'`);
    await seedReferenceData(dataSource);
    expect(await dataSource.query(`SELECT name FROM organisation WHERE code = 'SP'`)).toEqual([{ name: 'Staffordshire Police (Corporate Comms)' }]);
  });
});

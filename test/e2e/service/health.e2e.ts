import { createTestApp, TestApp } from '../../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('answers /health/live without touching the database', async () => {
    await t.dataSource.destroy();
    const live = await fetch(`${t.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/health`);
    expect(ready.status).toBe(503);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/app-config';

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

// docker-compose.yml is run where a Docker engine exists, not here: check what would break it.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, ComposeService> };
  const app = compose.services.app;

  it('builds the service from this repository, beside PostgreSQL and a mail sink', () => {
    expect(app.build).toBe('.');
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    expect(compose.services.mailpit.image).toMatch(/mailpit/);
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, mailpit: { condition: 'service_healthy' } });
  });

  it('gives the service a configuration it accepts, pointing at the compose database and mail sink', () => {
    const config = loadConfig(app.environment);
    expect(new URL(config.databaseUrl!).hostname).toBe('postgres');
    expect(app.environment?.SMTP_HOST).toBe('mailpit');
  });

  it('publishes every port on localhost only', () => {
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});

// The image runs what the README says: node dist/main.js, and node dist/cli/main.js <command>.
describe('Dockerfile', () => {
  const runtime = readFileSync('Dockerfile', 'utf8').split(/^FROM /m).at(-1)!;

  it('gives the image the built service and CLI, and the files they read at run time', () => {
    const copied = [...runtime.matchAll(/^COPY (?:--from=build )?\S+ \.\/(\S+)$/gm)].map((m) => m[1]);
    expect(copied).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', 'web', 'examples', 'scripts/build.js']));
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    // The seed's reference data and the demo's sample year are under data/, the planner under web/.
    for (const file of ['data/staffordshire-wards.csv', 'data/realistic-year-2027/register.csv', 'web/index.html', 'examples/plan.csv']) expect(existsSync(file)).toBe(true);
  });
});

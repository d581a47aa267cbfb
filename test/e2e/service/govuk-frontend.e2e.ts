import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOVUK_FRONTEND_PATH } from '../../../src/common/http/govuk-frontend';
import { createTestApp, TestApp } from '../../support/test-app';

// The planner's GOV.UK Frontend comes from the installed package through the service, no CDN:
// the CSS and JavaScript under a versioned path, cached for a year, and every font and image the
// CSS asks for; none of the package's other files.
const WEB = join(__dirname, '..', '..', '..', 'web');

describe('GOV.UK Frontend, served by the service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'silent' });
  }, 60_000);
  afterAll(() => t.close());

  it('serves the precompiled CSS and JavaScript the planner names, cached for a year', async () => {
    expect(readFileSync(join(WEB, 'index.html'), 'utf8')).toContain(`href="${GOVUK_FRONTEND_PATH}/govuk-frontend.min.css"`);
    expect(readFileSync(join(WEB, 'app.js'), 'utf8')).toContain(`from '${GOVUK_FRONTEND_PATH}/govuk-frontend.min.js'`);
    const css = await fetch(`${t.baseUrl}${GOVUK_FRONTEND_PATH}/govuk-frontend.min.css`);
    const js = await fetch(`${t.baseUrl}${GOVUK_FRONTEND_PATH}/govuk-frontend.min.js`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/css/)]);
    expect([js.status, js.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^(text|application)\/javascript/)]);
    for (const response of [css, js]) expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toMatch(/export\{[^}]*\binitAll\b/);

    // Every font and image its CSS asks for, at the address it asks.
    const urls = [...new Set([...(await css.text()).matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]))];
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      const asset = await fetch(`${t.baseUrl}${url}`);
      expect({ url, status: asset.status, cache: asset.headers.get('cache-control') }).toEqual({ url, status: 200, cache: 'public, max-age=31536000, immutable' });
    }
  });

  it('serves none of the package’s other files', async () => {
    for (const path of [`${GOVUK_FRONTEND_PATH}/index.scss`, `${GOVUK_FRONTEND_PATH}/components/button/template.njk`, `${GOVUK_FRONTEND_PATH}/../package.json`, `/assets/manifest.json/../../package.json`]) {
      expect({ path, status: (await fetch(`${t.baseUrl}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });
});

/// <reference lib="dom" />
import { Browser } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../../src/common/http/security-headers';
import { hasChromium, launchChromium } from '../../support/browser';
import { createTestApp, TestApp } from '../../support/test-app';

// Every response carries the headers, the planner's files, GraphQL's answers and refusals, the
// feeds and the errors; the planner works under the policy in a real browser.
describe('security headers', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    key = (await t.member('TBC', 'OFFICER')).apiKey;
  }, 60_000);
  afterAll(() => t.close());

  const graphql = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });

  it('sends CSP, nosniff and frame-ancestors none, and no X-Powered-By, on every kind of response', async () => {
    const responses = {
      planner: await fetch(`${t.baseUrl}/`),
      module: await fetch(`${t.baseUrl}/app.js`),
      answer: await graphql(JSON.stringify({ query: '{ me { id } }' })),
      anonymous: await graphql(JSON.stringify({ query: '{ me { id } }' }), { authorization: '' }),
      tooLarge: await graphql(JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(2.5 * 1024 * 1024) } })),
      landing: await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } }),
      feed: await fetch(`${t.baseUrl}/calendar.ics?token=nonsense`),
      missing: await fetch(`${t.baseUrl}/no-such-page`),
      health: await fetch(`${t.baseUrl}/health/live`),
    };
    expect(responses.answer.status).toBe(200);
    expect(responses.tooLarge.status).toBe(413);
    for (const [what, response] of Object.entries(responses)) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ what, csp }).toEqual({ what, csp: expect.stringContaining("frame-ancestors 'none'") });
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // GraphQL still answers JSON under the policy.
    expect(responses.answer.headers.get('content-type')).toMatch(/application\/json/);
  });

  (hasChromium ? it : it.skip)('lets the planner sign in and draw the timeline without a policy violation', async () => {
    const browser: Browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
      );
      await page.goto(t.baseUrl);
      expect((await page.request.get(t.baseUrl)).headers()['content-security-policy']).toContain("default-src 'self'");
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 10_000 });
      await page.getByLabel('Show').selectOption('year');
      // The year's timeline, not the quarter's it replaces (a replaced element has no computed style).
      const year = page.locator('.timeline:has(ol.weeks[aria-label="Months"])');
      await year.waitFor({ timeout: 10_000 });
      // The bars are placed by style attributes, which the policy allows for attributes only.
      expect(await year.evaluate((e) => getComputedStyle(e).getPropertyValue('--days'))).not.toBe('');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('keeps every directive on one origin: no CDN, no inline script', () => {
    for (const [directive, sources] of Object.entries(CONTENT_SECURITY_POLICY)) {
      expect({ directive, sources: sources.filter((s) => /^https?:|\*|unsafe-eval/.test(s)) }).toEqual({ directive, sources: [] });
    }
    expect(CONTENT_SECURITY_POLICY['script-src']).toEqual(["'self'"]);
  });
});

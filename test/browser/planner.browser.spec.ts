/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { addDays, formatLongDate } from '../../src/common/dates/calendar-date';
import { isoWeekOf } from '../../src/common/dates/iso-week';
import { DigestDeliveries } from '../../src/digest/digest-deliveries';
import { accessibilityViolations, describeInBrowser, downloadedText, laptopPageAt, launchChromium } from '../support/browser';
import { createTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// The planner in a real browser against the running service on real PostgreSQL: an officer who
// has never seen GraphQL signs in, plans a clashing consultation, sees the clash, finds a clear
// window, registers, acknowledges and launches. Every page passes axe's WCAG 2.2 AA rules.
// Screenshots go to test-artifacts/ (the README's copies are in docs/screenshots/).

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
// Today for the page and the service alike: the planner's weeks, quarters and default dates follow
// from it, and what this test expects of them is worked out from it. The plans below are in 2027.
// (Before the database's own time, which stamps what changed for the digest.)
const TODAY = '2026-11-23';
const NOON = `${TODAY}T12:00:00Z`;
// Lichfield's county-wide survey, registered first.
const PARKS = { startDate: '2027-03-01', endDate: '2027-04-30' };

describeInBrowser('the planner in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let officer: { apiKey: string; email: string };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({}, undefined, new TestClock(NOON));
    officer = await t.member('TBC', 'OFFICER');
    // Lichfield already asks young people across the county about parks in spring 2027.
    const other = await t.member('LDC', 'OFFICER');
    await t.ok(other.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { title: 'Parks and play areas survey', areaCodes: ['E10000028'], audienceCodes: ['YOUNG_PEOPLE'], channels: ['ONLINE_SURVEY'], topics: ['parks'], ...PARKS },
    });
    // Tamworth heard young people on play spaces last summer, and published its response.
    const past = (await t.ok(officer.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { title: 'Youth clubs survey', areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], topics: ['youth clubs'], startDate: '2026-06-01', endDate: '2026-06-28' },
    })).registerConsultation.id;
    for (const step of ['launchConsultation', 'closeConsultation']) await t.ok(officer.apiKey, `mutation($id: ID!) { ${step}(id: $id) { id } }`, { id: past });
    await t.ok(officer.apiKey, `mutation($id: ID!, $input: FindingsInput!) { recordFindings(consultationId: $id, input: $input) { id } }`, {
      id: past,
      input: { responseCount: 312, summary: 'Young people asked for safer play spaces near the castle and longer opening hours at the youth clubs.', reportUrl: 'https://www.tamworth.example/youth-clubs-report' },
    });
    await t.ok(officer.apiKey, `mutation($id: ID!) { publishResponse(consultationId: $id, statement: "We asked about youth clubs; you said later hours; we opened later.") { id } }`, { id: past });
    // And its litter survey closed in July without a response: 12 weeks on, that is overdue.
    const owed = (await t.ok(officer.apiKey, `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`, {
      input: { title: 'Litter and street cleaning survey', areaCodes: ['E07000199'], audienceCodes: ['RESIDENTS'], topics: ['litter'], startDate: '2026-07-06', endDate: '2026-07-26' },
    })).registerConsultation.id;
    for (const step of ['launchConsultation', 'closeConsultation']) await t.ok(officer.apiKey, `mutation($id: ID!) { ${step}(id: $id) { id } }`, { id: owed });
    browser = await launchChromium();
    page = await laptopPageAt(browser, NOON);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong key, then signs in with the member key', async () => {
    await page.goto(t.baseUrl);
    await page.getByLabel('API key').fill('cc_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // GOV.UK's error summary, focused, linking to the field, and the message above the field.
    const problem = 'That API key was not accepted. Check it and try again.';
    await page.getByRole('link', { name: problem }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await page.locator('#api-key-error').textContent()).toBe(`Error: ${problem}`);
    expect(await page.getByLabel('API key').getAttribute('aria-describedby')).toBe('api-key-error');
    expect(await page.title()).toBe('Error: Sign in – Consultation Calendar');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('API key').fill(officer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('link', { name: 'Members' }).isVisible()).toBe(false); // coordinators only
  });

  it('tells an officer, above the timeline, which responses their organisation owes', async () => {
    const owed = page.getByRole('region', { name: 'Responses your organisation owes' });
    await owed.waitFor();
    expect(await owed.getByRole('link', { name: 'Litter and street cleaning survey' }).getAttribute('href')).toMatch(/^#\/consultation\/[0-9a-f-]{36}$/);
    expect(await owed.textContent()).toMatch(/\(due 18 October 2026\)/);
    expect(await owed.textContent()).not.toMatch(/Youth clubs survey/); // its response is published
  });

  it('shows the timeline with the network’s consultations, accessible', async () => {
    await page.getByLabel('Show').selectOption('year'); // this calendar year, 2026; spring 2027 is in the next
    await page.getByText(/^1 January 2026 to 31 December 2026: /).waitFor();
    await page.getByRole('button', { name: 'Later' }).click();
    await page.getByRole('link', { name: /Parks and play areas survey/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Lichfield District Council' }).count()).toBe(1);
    // Over a year a week's column is too narrow for a date: the axis names the months, each whole.
    const months = page.getByRole('list', { name: 'Months' }).locator('li');
    expect(await months.allTextContents()).toEqual(expect.arrayContaining(['Feb', 'Mar', 'Apr']));
    expect(await months.evaluateAll((items) => items.filter((li) => li.scrollWidth > li.clientWidth).map((li) => li.textContent))).toEqual([]);
    // Today's line and the blackout periods (the seeded holidays and pre-election periods) reach
    // down through the rows of consultations, not only the axis.
    const reach = await page.evaluate(() => {
      const bottom = (element: Element) => element.getBoundingClientRect().bottom;
      const bars = Array.from(document.querySelectorAll('.timeline .bar'), bottom);
      return { bars: Math.max(...bars), marks: Array.from(document.querySelectorAll('.timeline .today, .timeline .blackout'), bottom) };
    });
    expect(reach.marks.length).toBeGreaterThan(1);
    for (const markBottom of reach.marks) expect(markBottom).toBeGreaterThanOrEqual(reach.bars);
    expect(await page.locator('.legend').textContent()).toMatch(/Blackout periods \(shaded\): .*Pre-election period for the polls on 6 May 2027, 31 March 2027 to 6 May 2027/);
    // The load strip is coloured by level: a week with the survey live stands out from one with nothing.
    const weeks = await page.getByRole('list', { name: 'Load per week' }).locator('li').evaluateAll((items) =>
      items.map((li) => ({ text: li.textContent ?? '', background: getComputedStyle(li).backgroundColor })),
    );
    const backgroundOf = (words: string) => weeks.find((w) => w.text.endsWith(words))?.background;
    const quiet = backgroundOf('0 consultations, nothing live');
    const live = backgroundOf('1 consultation, light load');
    expect(live).toMatch(/^rgb\(/); // a colour of its own, not transparent
    expect(live).not.toBe(quiet);
    expect(await page.locator('.legend .key.load-light').evaluate((key) => getComputedStyle(key).backgroundColor)).toBe(live); // the key beneath matches
    expect(await page.locator('.legend').textContent()).toMatch(/consultations live each week that reach anyone in Staffordshire/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'timeline.png'), fullPage: true });

    // A slow answer to an earlier choice never replaces a later one's: closed ones only (none),
    // answered late, then any status again.
    const closedOnly = (body: string | null) => (body ?? '').includes('"statuses":["CLOSED"]');
    await page.route('**/graphql', async (route) => {
      if (closedOnly(route.request().postData())) await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    const lateAnswer = page.waitForResponse((response) => closedOnly(response.request().postData()));
    await page.getByLabel('Status').selectOption('CLOSED');
    await page.getByLabel('Status').selectOption('');
    await lateAnswer;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50))); // let it land, if it would
    expect(await page.getByRole('link', { name: /Parks and play areas survey/ }).count()).toBe(1);
    await page.unroute('**/graphql');

    // What it shows, as a file Excel opens.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download for Excel' }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await downloadedText(file);
    expect(csv.charCodeAt(0)).toBe(0xfeff); // the byte-order mark Excel needs for UTF-8
    expect(csv.split('\r\n').filter((line) => line.includes('Parks and play areas survey'))).toHaveLength(1);
  });

  it('shows the load across the network, district by district and week by week', async () => {
    await page.getByRole('link', { name: 'Load', exact: true }).click();
    await page.getByRole('heading', { name: 'Load across the network' }).waitFor();
    await page.getByRole('button', { name: 'Later' }).click(); // the 13 weeks after the 13 from this Monday
    const from = addDays(isoWeekOf(TODAY).start, 13 * 7);
    await page.getByText(`${formatLongDate(from)} to ${formatLongDate(addDays(from, 13 * 7 - 1))}:`).waitFor();
    // Lichfield's county-wide survey counts in every district, Tamworth's too, in each week it is live.
    const mondays = Array.from({ length: 13 }, (_, week) => addDays(from, week * 7));
    const live = mondays.map((monday) => (monday <= PARKS.endDate && addDays(monday, 6) >= PARKS.startDate ? '1' : '0'));
    expect(live).toContain('1');
    for (const district of ['Lichfield', 'Tamworth']) {
      const weeks = await page.getByRole('row', { name: new RegExp(`^${district}`) }).locator('td').allTextContents();
      expect(weeks.map((cell) => cell.split(',')[0])).toEqual(live);
      expect(weeks[live.indexOf('1')]).toBe('1, light load');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lists the blackout periods for everyone; an officer cannot change them', async () => {
    await page.getByRole('link', { name: 'Blackout periods' }).click();
    await page.getByRole('row', { name: /Pre-election period for the polls on 6 May 2027/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Add a blackout period' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('plans a clashing consultation, sees the clash with its explanation, and finds a clear window', async () => {
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    await page.getByLabel('Title').fill('Tamworth play spaces consultation');
    await page.getByLabel('Starts').fill('2027-03-15');
    await page.getByLabel('Ends').fill('2027-04-25');
    await page.getByLabel('Search areas').fill('Tamworth');
    await page.getByRole('checkbox', { name: /^Tamworth/ }).first().check();
    await page.getByRole('checkbox', { name: /^Young people/ }).check();
    await page.getByLabel('Expected respondents').fill('250');
    await page.getByLabel('A statutory consultation').check();

    const clash = page.locator('#clashes .clash').first();
    await clash.waitFor();
    expect(await page.locator('#clashes').textContent()).toMatch(/Overlap[\s\S]*Parks and play areas survey[\s\S]*Lichfield District Council/);
    // Each clash leads to the other consultation, and to whom to ask about it.
    const other = page.locator('#clashes .clash').filter({ hasText: 'Overlap' }).getByRole('link', { name: 'Parks and play areas survey' });
    expect(await other.getAttribute('href')).toMatch(/^#\/consultation\/[0-9a-f-]{36}$/);
    expect(await page.locator('#clashes .clash').filter({ hasText: 'Overlap' }).getByRole('link', { name: /^officer\d+\.ldc$/ }).getAttribute('href')).toMatch(/^mailto:officer\d+\.ldc@example\.org$/);
    // The count, and how many of each severity, head the list (1 clash, or "3 clashes (1 high, 2 medium)").
    expect(await page.locator('#clashes p').first().textContent()).toMatch(/^(1 clash|\d+ clashes \((\d+ (high|medium|low)(, )?)+\)) with what is already planned:$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'plan.png'), fullPage: true });

    await page.getByRole('button', { name: 'Find a clear window' }).click();
    const firstWindow = page.locator('#windows li').first();
    await firstWindow.waitFor();
    expect(await firstWindow.textContent()).toMatch(/\d{1,2} \w+ 202\d to \d{1,2} \w+ 202\d \((no clashes|\d+ low clash)/);

    // Using a window moves the dates, and the check then finds nothing HIGH or MEDIUM.
    await firstWindow.getByRole('button', { name: 'Use these dates' }).click();
    await page.waitForFunction(() => !document.querySelector('#clashes .severity-high, #clashes .severity-medium'));
    expect(await page.getByLabel('Starts').inputValue()).not.toBe('2027-03-15');
    await page.getByLabel('Starts').fill('2027-03-15'); // back to the clashing dates for what follows
  });

  it('shows, beside the plan, what a past consultation already found about the same people and places', async () => {
    const known = page.locator('#known-section');
    await known.waitFor();
    const past = known.getByRole('link', { name: 'Youth clubs survey' });
    expect(await past.getAttribute('href')).toMatch(/^#\/consultation\/[0-9a-f-]{36}$/);
    expect(await known.textContent()).toMatch(/Tamworth Borough Council, closed 28 June 2026, 312 responses/);
    expect(await known.locator('mark').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^play$/i)]));
    expect(await known.getByRole('link', { name: 'The report' }).getAttribute('href')).toBe('https://www.tamworth.example/youth-clubs-report');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows an API error at the field it names', async () => {
    await page.getByLabel('Ends').fill('2027-03-01'); // before it starts
    await page.getByRole('button', { name: 'Register' }).click();
    const error = page.locator('#endDate-error');
    await error.waitFor();
    // In plain words, in GOV.UK's error summary (focused, linking to the field) and above the field.
    const problem = 'The end date must be the same as or after the start date';
    expect(await error.textContent()).toBe(`Error: ${problem}`);
    expect(await page.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');
    const summary = page.locator('.govuk-error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await summary.getByRole('link', { name: problem }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('endDate');
    expect(new URL(page.url()).hash).toBe('#/plan'); // the link moved focus, not the page
    // The clashes of the dates before are not left beside a plan that cannot be checked.
    await page.getByText('The end date must be the same as or after the start date to check this plan').waitFor();
    expect(await page.locator('#clashes .clash').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Ends').fill('2027-04-25');
  });

  it('registers, is refused launch while the HIGH clash is unacknowledged, acknowledges it and launches', async () => {
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Tamworth play spaces consultation' }).waitFor();
    expect(await page.locator('.status').textContent()).toBe('Planned');

    await page.getByRole('button', { name: 'Launch' }).click();
    // An error summary, focused: each other consultation with a HIGH clash once, linking to its clash below.
    const refusal = page.locator('#action-error .govuk-error-summary');
    await refusal.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await refusal.getByRole('heading').textContent()).toMatch(/^This consultation cannot be launched until its (high clash is|\d+ high clashes are) acknowledged$/);
    const blockers = await refusal.getByRole('listitem').allTextContents();
    const election = 'Acknowledge the high clash during the blackout period "Pre-election period for the polls on 6 May 2027", or change the plan';
    expect(blockers).toContain(election);
    expect(new Set(blockers).size).toBe(blockers.length);
    await refusal.getByRole('link', { name: election }).click();
    expect(await page.evaluate(() => document.activeElement?.closest('li.clash-group')?.textContent)).toMatch(/During a blackout period/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The Clashes page lists Tamworth's that nobody has acknowledged: the first is acknowledged there.
    const unacknowledged = await page.getByRole('button', { name: 'Acknowledge' }).count();
    expect(unacknowledged).toBeGreaterThanOrEqual(1);
    const clashes = (n: number) => (n === 0 ? /^No clashes match\.$/ : new RegExp(`^${n} clash${n === 1 ? '' : 'es'}\\.$`));
    await page.getByRole('link', { name: 'Clashes' }).click();
    await page.getByText(clashes(unacknowledged)).waitFor();
    expect(await page.locator('#clash-list .clash-consultation h2').first().textContent()).toMatch(/^On Tamworth play spaces consultation \(Tamworth Borough Council, /);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Why this clash is acceptable').first().fill('Agreed with Lichfield: one survey link for both.');
    await page.getByRole('button', { name: 'Acknowledge' }).first().click();
    await page.getByText(clashes(unacknowledged - 1)).waitFor();
    await page.getByLabel('Show', { exact: true }).selectOption('acknowledged');
    await page.getByText(/Acknowledged by officer\d+\.tbc.*: “Agreed with Lichfield: one survey link for both\.”/).waitFor();
    await page.getByRole('link', { name: 'Tamworth play spaces consultation' }).first().click();
    await page.getByRole('heading', { name: 'Tamworth play spaces consultation' }).waitFor();

    // The rest, one after another: each acknowledgement redraws the page.
    for (let done = 1; done < unacknowledged; done++) {
      await page.getByLabel('Why this clash is acceptable').first().fill('Agreed with the other organisation: we share the findings.');
      await page.getByRole('button', { name: 'Acknowledge' }).first().click();
      await page.waitForFunction((n) => document.querySelectorAll('.acknowledged').length > n, done);
    }
    expect(await page.getByText(/Acknowledged by officer\d+\.tbc/).count()).toBe(unacknowledged);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.locator('.status', { hasText: 'Live' }).waitFor();

    const { consultations } = await t.ok(officer.apiKey, `{ consultations(filter: { text: "play spaces" }) { edges { node { id status expectedRespondents statutory leadOfficer { email } } } } }`);
    expect(consultations.edges.map((e: any) => e.node)).toEqual([
      { id: expect.any(String), status: 'LIVE', expectedRespondents: 250, statutory: true, leadOfficer: { email: officer.email } },
    ]);

    // The address a digest email or calendar event gives for it opens it here.
    await page.goto(`${t.baseUrl}/consultations/${consultations.edges[0].node.id}`);
    await page.getByRole('heading', { name: 'Tamworth play spaces consultation' }).waitFor();
    expect(await page.locator('.status').textContent()).toBe('Live');
  });

  it('changes a registered consultation: the form holds it, checks it without itself, and saves', async () => {
    await page.getByRole('link', { name: 'Change details or dates' }).click();
    await page.getByRole('heading', { name: 'Change “Tamworth play spaces consultation”' }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Tamworth play spaces consultation');
    expect(await page.getByRole('checkbox', { name: /^Tamworth/ }).first().isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^Young people/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Expected respondents').inputValue()).toBe('250');
    expect(await page.getByLabel('A statutory consultation').isChecked()).toBe(true);
    // Its clashes as they stand: Lichfield's survey, never itself.
    await page.locator('#clashes .clash').first().waitFor();
    expect(await page.locator('#clashes').textContent()).toContain('Parks and play areas survey');
    expect(await page.locator('#clashes').textContent()).not.toContain('"Tamworth play spaces consultation"');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Title').fill('Tamworth play spaces consultation, phase 1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Tamworth play spaces consultation, phase 1' }).waitFor();
    expect(await page.locator('.status').textContent()).toBe('Live');

    // Cancelling asks first; saying no leaves it live.
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      return dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Cancel consultation' }).click();
    expect(question).toMatch(/^Cancel “Tamworth play spaces consultation, phase 1”\? .*cannot be undone/);
    const { consultations } = await t.ok(officer.apiKey, `{ consultations(filter: { text: "play spaces" }) { edges { node { status } } } }`);
    expect(consultations.edges.map((e: any) => e.node.status)).toEqual(['LIVE']);
  });

  it('imports a forward plan from CSV: problems by line first, then every row with its clashes', async () => {
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a forward plan' }).waitFor();
    const upload = (csv: string) => page.setInputFiles('#file', { name: 'forward-plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const downloaded = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      return { name: file.suggestedFilename(), lines: (await downloadedText(file)).replace(/^\uFEFF/, '').trimEnd().split('\r\n') };
    };
    // The template: the columns in order and an example row, which itself checks clean.
    const template = await downloaded('Download the template (CSV)');
    expect(template.name).toBe('forward-plan-template.csv');
    expect(template.lines[0]).toBe('title,summary,organisation code,start,end,area codes,audience codes,topics,channels,status');
    expect(template.lines).toHaveLength(2);
    expect(template.lines[1]).toBe('Allotments survey,"Which sites, opening hours and prices suit allotment holders",TBC,2027-01-18,2027-02-07,E07000199,RESIDENTS; OLDER_PEOPLE,allotments; parks,online survey; drop-in,PLANNED');
    await upload(template.lines.join('\n'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'All 1 rows are ready' }).waitFor();
    // The code lists, to look codes up in Excel.
    const areas = await downloaded('Download the area codes (CSV)');
    expect(areas.lines[0]).toBe('code,name,level,within,valid from,valid to');
    expect(areas.lines).toContain('E07000199,Tamworth,DISTRICT,E10000028,,');
    expect(areas.lines).toContain('E05007066,Amington,WARD,E07000199,,'); // the wards too
    const audiences = await downloaded('Download the audience codes (CSV)');
    expect(audiences.lines[0]).toBe('code,name,kind,reach,part of');
    expect(audiences.lines).toContain('STUDENTS,College and university students,GROUP,GROUP,YOUNG_PEOPLE');

    const header = 'title,start,end,area codes,audience codes,topics\n';
    await upload(`${header}Tamworth allotments survey,2027-06-07,2027-06-27,E07000199,RESIDENTS,allotments\nLibrary hours,31/02/2027,2027-03-20,E07000199,RESIDENTS,\nParks,2027-03-01,2027-03-20,NOWHERE,RESIDENTS,\n`);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Nothing imported: 2 problems to put right' }).waitFor();
    expect(await page.locator('ul.problems li').allTextContents()).toEqual([
      expect.stringMatching(/^Line 3, column “start”: "31\/02\/2027" is not a date/),
      expect.stringMatching(/^Line 4, column “area codes”: .*NOWHERE/),
    ]);

    await upload(`${header}Tamworth allotments survey,2027-06-07,2027-06-27,E07000199,RESIDENTS,allotments\nTamworth allotments drop-ins,2027-06-14,2027-06-20,E07000199,RESIDENTS,allotments\n`);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'All 2 rows are ready' }).waitFor();
    expect(await page.locator('ul.rows').textContent()).toMatch(/Tamworth allotments drop-ins,\s*14 June 2027 to 20 June 2027: [1-9]\d* clash/); // the two rows meet
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Register all 2' }).click();
    await page.getByRole('heading', { name: 'Imported 2 consultations' }).waitFor();
    await page.getByRole('link', { name: 'Tamworth allotments drop-ins' }).click();
    await page.getByRole('heading', { name: 'Tamworth allotments drop-ins' }).waitFor();
  });

  it('shows my weekly digest as it would be sent, and narrows it to the areas I choose', async () => {
    await page.getByRole('link', { name: 'My digest' }).click();
    await page.getByRole('heading', { name: 'My weekly digest' }).waitFor();
    const preview = page.frameLocator('iframe.digest-preview');
    await preview.getByRole('link', { name: 'Tamworth play spaces consultation' }).first().waitFor(); // registered this week
    expect(await page.getByLabel('Send me the weekly digest').isChecked()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'digest.png'), fullPage: true });

    await page.getByLabel('Search areas').fill('Lichfield');
    await page.getByRole('checkbox', { name: /^Lichfield/ }).first().check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\./).waitFor();
    // Lichfield's county-wide survey still reaches it; Tamworth's plan no longer does.
    await preview.getByRole('link', { name: 'Parks and play areas survey' }).first().waitFor();
    expect(await preview.getByText('Tamworth play spaces consultation').count()).toBe(0);
    const { myDigestPreferences } = await t.ok(officer.apiKey, `{ myDigestPreferences { enabled areas { code } } }`);
    expect(myDigestPreferences).toEqual({ enabled: true, areas: [{ code: 'E07000194' }] });

    await page.reload(); // what was saved is what the page shows
    await page.getByRole('heading', { name: 'My weekly digest' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /^Lichfield/ }).first().isChecked()).toBe(true);
    // Its links open the consultation in place of the planner, as they do from the email (here
    // through the test's own address: the links carry PUBLIC_BASE_URL).
    expect(await preview.locator('base').getAttribute('target')).toBe('_top');
    const href = await preview.getByRole('link', { name: 'Parks and play areas survey' }).first().getAttribute('href');
    expect(href).toMatch(/\/consultations\/[0-9a-f-]{36}$/);
    await page.goto(href!.replace(/^https?:\/\/[^/]+/, t.baseUrl));
    await page.getByRole('heading', { name: 'Parks and play areas survey' }).waitFor();
  });

  it('gives a personal calendar feed, with the steps for Outlook and Google Calendar, and revokes it', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('link', { name: 'Calendar feed', exact: true }).click();
    await page.getByRole('heading', { name: "Add the network's consultations to your calendar" }).waitFor();
    for (const calendar of ['Outlook on the web', 'Outlook on the desktop', 'Google Calendar']) {
      const steps = page.getByRole('heading', { name: new RegExp(`^${calendar}`) }).locator('xpath=following-sibling::ol[1]').getByRole('listitem');
      expect({ calendar, enough: (await steps.count()) >= 3 }).toEqual({ calendar, enough: true });
    }
    expect(await page.getByText('Subscribe from web').count()).toBe(1);
    expect(await page.getByText('From Internet').count()).toBe(1);
    expect(await page.getByText('From URL').count()).toBe(1);

    await page.getByLabel('Name this feed').fill('Outlook on my laptop');
    await page.getByRole('button', { name: 'Create my calendar feed' }).click();
    const address = await page.getByLabel('Feed address for consultations').inputValue();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('created'); // the answer, not the button
    const feedUrl = `${t.baseUrl}${new URL(address).pathname}${new URL(address).search}`; // PUBLIC_BASE_URL's port is not this test's
    const feed = await fetch(feedUrl);
    expect([feed.status, feed.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/calendar/)]);
    expect(await feed.text()).toContain('Parks and play areas survey');
    expect(await page.getByRole('row', { name: /Outlook on my laptop/ }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Revoke Outlook on my laptop' }).click();
    await page.getByText('You have no calendar feeds.').waitFor();
    expect((await fetch(feedUrl)).status).toBe(401);
  });

  it('works on a phone-sized screen: no page scrolls sideways (wide tables scroll inside themselves)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // Each page, once what it fetches is drawn.
    const pages: [string, string][] = [
      ['Plan a consultation', '#plan'],
      ['Timeline', '#timeline .timeline'],
      ['Load', 'table.load-grid'],
      ['Clashes', '#clash-list > p'],
      ['Import', '#import'],
      ['Blackout periods', '#periods table'],
      ['My digest', 'iframe.digest-preview'],
    ];
    // The menu folds away behind a Menu button, leaving the page its first screen.
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await page.getByRole('link', { name: 'Load', exact: true }).isVisible()).toBe(false);
    for (const [link, drawn] of pages) {
      await menu.click();
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.locator(drawn).waitFor();
      expect({ page: link, overflow: Math.max(0, await overflow()) }).toEqual({ page: link, overflow: 0 });
    }
  });

  it('signs out and forgets the key', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
  });

  it('lets a coordinator find a member and give them a new key, and add a member', async () => {
    const coordinator = await t.member('SCC', 'COORDINATOR');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('API key').fill(coordinator.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.locator('#organisationCode').selectOption('TBC');
    await page.getByRole('row', { name: /Staffordshire County Council/ }).first().waitFor({ state: 'detached' }); // the list narrowed
    const row = page.getByRole('row', { name: new RegExp(officer.email) });
    expect(await page.locator('table.data-table tbody tr').count()).toBe(1); // Tamworth's only member
    expect(await accessibilityViolations(page)).toEqual([]);

    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      return dialog.accept();
    });
    await row.getByRole('button', { name: 'New key' }).click();
    const shown = page.locator('#issued code.api-key');
    await shown.waitFor();
    expect(question).toMatch(/current key stops working/);
    const renewed = (await shown.textContent())!.trim();
    expect((await t.graphql(officer.apiKey, `{ me { email } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.ok(renewed, `{ me { email } }`)).me.email).toBe(officer.email);

    await page.getByLabel('Work email').fill('new.analyst@tamworth.example');
    await page.locator('#new-organisation').selectOption('TBC');
    await page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await page.getByRole('button', { name: 'Add and show their key' }).click();
    await page.getByText(/^Added new\.analyst <new\.analyst@tamworth\.example>/).waitFor();
    const added = (await shown.textContent())!.trim();
    expect((await t.ok(added, `{ me { role organisation { code } } }`)).me).toEqual({ role: 'VIEWER', organisation: { code: 'TBC' } });
    await page.getByRole('row', { name: /new\.analyst@tamworth\.example/ }).waitFor(); // listed at once
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByLabel('Role of new.analyst').selectOption('OFFICER');
    await page.getByText('new.analyst is now officer.').waitFor();
    expect((await t.ok(added, `{ me { role } }`)).me.role).toBe('OFFICER');

    // A by-election in Tamworth: added, its clash reaches the consultation there at once; removed, gone.
    await page.getByRole('link', { name: 'Blackout periods' }).click();
    await page.getByRole('heading', { name: 'Add a blackout period' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Tamworth by-election');
    await page.getByLabel('Starts').fill('2027-03-20');
    await page.getByLabel('Ends').fill('2027-03-25');
    await page.getByLabel('Search areas').fill('Tamworth');
    await page.getByRole('checkbox', { name: /^Tamworth/ }).first().check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add blackout period' }).click();
    const byElection = page.getByRole('row', { name: /Tamworth by-election/ });
    await byElection.waitFor();
    expect(await byElection.textContent()).toMatch(/20 March 2027 to 25 March 2027\s*High\s*Tamworth\s*Everyone/);
    const blackoutClashes = async () =>
      (await t.ok(coordinator.apiKey, `{ consultations(filter: { text: "play spaces" }) { edges { node { conflicts { kind blackout { name } } } } } }`)).consultations.edges[0].node.conflicts
        .filter((c: any) => c.kind === 'BLACKOUT').map((c: any) => c.blackout.name);
    expect(await blackoutClashes()).toContain('Tamworth by-election');

    // Postponed by two days, and judged less severe: the form holds the period, and saves it.
    await byElection.getByRole('button', { name: 'Change' }).click();
    await page.getByRole('heading', { name: 'Change “Tamworth by-election”' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /^Tamworth/ }).first().isChecked()).toBe(true);
    await page.getByLabel('Ends').fill('2027-03-27');
    await page.getByLabel('Severity').selectOption('MEDIUM');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved “Tamworth by-election”').waitFor();
    expect(await byElection.textContent()).toMatch(/20 March 2027 to 27 March 2027\s*Medium\s*Tamworth\s*Everyone/);
    await page.getByRole('heading', { name: 'Add a blackout period' }).waitFor(); // the form is for a new one again

    page.once('dialog', (dialog) => dialog.accept());
    await byElection.getByRole('button', { name: 'Remove' }).click();
    await byElection.waitFor({ state: 'detached' });
    expect(await blackoutClashes()).not.toContain('Tamworth by-election');

    // This week's digests, one failed: the coordinator sees why, and sends it again.
    const ledger = t.app.get(DigestDeliveries);
    const week = isoWeekOf(TODAY);
    await ledger.plan(week);
    const [failing] = await ledger.idsToSend(week);
    await ledger.claim(failing, '<browser-test@example.org>');
    await ledger.markFailed(failing, '451 mailbox busy, try later');
    await page.getByRole('link', { name: 'My digest' }).click();
    const problem = page.getByRole('row', { name: /451 mailbox busy/ });
    await problem.waitFor();
    expect(await page.locator('#deliveries p').first().textContent()).toMatch(/\b1 failed\b/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await problem.getByRole('button', { name: 'Send again' }).click();
    await problem.waitFor({ state: 'detached' });
    const { digestDeliveries } = await t.ok(coordinator.apiKey, `query($weekOf: Date!) { digestDeliveries(weekOf: $weekOf) { id status } }`, { weekOf: TODAY });
    expect(digestDeliveries.find((d: { id: string }) => d.id === failing).status).not.toBe('FAILED');
    await page.screenshot({ path: join(ARTIFACTS, 'members.png'), fullPage: true });
  });

  it('lets a coordinator rename an organisation and end a ward, refusing a bad date at its field', async () => {
    const reader = (await t.member('SCC', 'VIEWER')).apiKey;
    await page.evaluate(() => window.scrollTo(0, 0)); // from the digest page (see the viewer's test)
    await page.getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('button', { name: 'Change Tamworth Borough Council' }).click();
    const renaming = page.getByRole('form', { name: 'Change Tamworth Borough Council' });
    await renaming.getByLabel('Name').fill('Tamworth Borough Council (North Staffordshire)');
    await renaming.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the change to TBC.').waitFor();
    await page.getByRole('row', { name: /^Tamworth Borough Council \(North Staffordshire\) TBC/ }).waitFor();
    const ownerOf = async () =>
      (await t.ok(reader, `{ consultations(filter: { text: "play spaces" }) { edges { node { organisation { name } } } } }`)).consultations.edges[0].node.organisation.name;
    expect(await ownerOf()).toBe('Tamworth Borough Council (North Staffordshire)');

    await page.getByLabel('Name or code').fill('Amington');
    await page.getByLabel('Name or code').press('Enter');
    await page.getByRole('button', { name: 'Change Amington' }).click();
    const ending = page.getByRole('form', { name: 'Change Amington' });
    await ending.getByLabel('Valid from').fill('2027-06-01');
    await ending.getByLabel('Valid until').fill('2027-05-05');
    await ending.getByRole('button', { name: 'Save' }).click();
    await ending.getByText(/^Valid until: The area would end \(2027-05-05\) before it begins \(2027-06-01\)$/).waitFor();
    expect(await ending.getByLabel('Valid until').getAttribute('aria-invalid')).toBe('true');
    expect(await accessibilityViolations(page)).toEqual([]);
    await ending.getByLabel('Valid from').fill('');
    await ending.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /^Amington E05007066 Ward Tamworth until 5 May 2027/ }).waitFor();
    const refused = await t.graphql(reader, `query($input: ConsultationInput!) { checkConsultation(input: $input) { kind } }`, {
      input: { title: 'Amington summer fun day', areaCodes: ['E05007066'], audienceCodes: ['CHILDREN'], startDate: '2027-07-01', endDate: '2027-07-31' },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCodes' });
    await page.screenshot({ path: join(ARTIFACTS, 'reference.png'), fullPage: true });
    // A boundary review's new ward, from a spreadsheet: checked, then applied.
    await page.getByText('Import areas from a spreadsheet').click();
    await page.setInputFiles('#areas-file', { name: 'review.csv', mimeType: 'text/csv', buffer: Buffer.from('code,name,level,within,valid from\nE05099921,Amington Green,WARD,E07000199,2027-05-06\n') });
    await page.locator('#import-areas').getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'All 1 rows are ready' }).waitFor();
    expect(await page.locator('#areas-outcome ul.rows').textContent()).toBe('Line 2: Amington Green (E05099921), new');
    await page.getByRole('button', { name: 'Apply all 1' }).click();
    await page.getByRole('heading', { name: 'Applied all 1 rows' }).waitFor();
    expect((await t.ok(reader, `{ areas(search: "E05099921") { name validFrom parent { code } } }`)).areas).toEqual([{ name: 'Amington Green', validFrom: '2027-05-06', parent: { code: 'E07000199' } }]);

    // The planning form's list says so beside each ward.
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    await page.getByLabel('Search areas').fill('Amington');
    const shown = await page.locator('#areaCodes-list li:not([hidden]) label').allTextContents();
    expect(shown.map((label) => label.replace(/\s+/g, ' ').trim())).toEqual(['Amington ward, until 5 May 2027', 'Amington Green ward, from 6 May 2027']);
  });

  it('never lets a page still loading draw over the one the member moved on to', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const digestPreferences = (body: string | null) => (body ?? '').includes('myDigestPreferences');
    await page.route('**/graphql', async (route) => {
      if (digestPreferences(route.request().postData())) await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    const lateAnswer = page.waitForResponse((response) => digestPreferences(response.request().postData()));
    await page.getByRole('link', { name: 'My digest' }).click();
    await page.getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('button', { name: 'Change Tamworth Borough Council (North Staffordshire)' }).waitFor();
    await lateAnswer;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100))); // let it land, if it would
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Reference data']);
    expect(errors).toEqual([]);
    await page.unroute('**/graphql');
  });

  it('shows a viewer what they may do: check a plan, but not register or import', async () => {
    const viewer = await t.member('TBC', 'VIEWER');
    // From the digest page, scrolled down past its preview (a frame of its own), Chromium's click
    // on the masthead's button went nowhere here; from the top of the page it is a plain click.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(viewer.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Plan a consultation' }).click();
    await page.getByText('As a viewer you can check a plan').waitFor();
    expect(await page.getByRole('button', { name: 'Register' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Find a clear window' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Import' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Members' }).isVisible()).toBe(false);
  });
  it('shows a busy year on the timeline, beyond one page of consultations', async () => {
    const stafford = await t.member('SBC', 'OFFICER');
    // More than a page of plans: one in each ward every five weeks, not thousands of clashes to find.
    const { areas: wards } = await t.ok(stafford.apiKey, `{ areas(parentCode: "E07000197") { code } }`);
    const rows = Array.from({ length: 130 }, (_, i) => {
      const start = addDays('2027-01-04', Math.floor(i / wards.length) * 35);
      return `Stafford neighbourhood survey ${i + 1},${start},${addDays(start, 13)},${wards[i % wards.length].code},RESIDENTS`;
    });
    const { importConsultations } = await t.ok(stafford.apiKey, `mutation($csv: String!) { importConsultations(csv: $csv) { imported } }`, {
      csv: ['title,start,end,area codes,audience codes', ...rows].join('\n'),
    });
    expect(importConsultations.imported).toBe(true);
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByLabel('Show').selectOption('year');
    await page.getByLabel('Go to the date').fill('2027-01-04');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await page.getByText(/^1 January 2027 to 31 December 2027: /).waitFor();
    await page.getByLabel('Organisation').selectOption('SBC');
    await page.getByText(/: 130 consultations\.$/).waitFor(); // no "first 100 shown"
    expect(await page.getByRole('link', { name: /^Stafford neighbourhood survey \d+/ }).count()).toBe(130);
  });
});

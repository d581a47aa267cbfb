/// <reference lib="dom" />
import { Browser, Page } from 'playwright-core';
import { accessibilityViolations, describeInBrowser, launchChromium } from '../support/browser';
import { signedInPage } from '../support/planner-page';
import { createTestApp, TestApp } from '../support/test-app';

// Joining from a clash in a real browser: the police officer, on their own plan's page, follows
// "Ask to join … instead" from its clash with the county's survey and asks with a note, naming
// their plan; the county's officer accepts on the survey's page; the police plan's clash is gone.
// Opened to partner questions, the survey is suggested to a plan asking the same people. The police
// then leave the partnership, confirming it, and the clash between the two plans is back.

const REGISTER = `mutation($input: ConsultationInput!) { registerConsultation(input: $input) { id } }`;

describeInBrowser('joining a consultation from a clash, in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let police: Page;
  let county: Page;
  let lichfield: Page;
  let survey: string;
  let policePlan: string;

  beforeAll(async () => {
    t = await createTestApp();
    const countyOfficer = await t.member('SCC', 'OFFICER');
    const policeOfficer = await t.member('SP', 'OFFICER');
    const plan = { areaCodes: ['E07000199'], audienceCodes: ['YOUNG_PEOPLE'], topics: ['community safety'], channels: ['ONLINE_SURVEY'] };
    survey = (await t.ok(countyOfficer.apiKey, REGISTER, { input: { ...plan, title: "Young people's safety survey", startDate: '2027-03-01', endDate: '2027-03-31' } })).registerConsultation.id;
    policePlan = (await t.ok(policeOfficer.apiKey, REGISTER, { input: { ...plan, title: 'Youth community safety survey', startDate: '2027-03-08', endDate: '2027-03-28' } })).registerConsultation.id;
    await t.settled();
    browser = await launchChromium();
    police = await signedInPage(browser, t.baseUrl, policeOfficer.apiKey);
    county = await signedInPage(browser, t.baseUrl, countyOfficer.apiKey);
    lichfield = await signedInPage(browser, t.baseUrl, (await t.member('LDC', 'OFFICER')).apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks to join from a clash, with a note and its own plan kept as a linked part', async () => {
    await police.goto(`${t.baseUrl}/#/consultation/${policePlan}`);
    await police.getByRole('link', { name: "Ask to join Young people's safety survey instead" }).click();
    await police.getByRole('heading', { name: "Young people's safety survey" }).waitFor();
    await police.getByRole('heading', { name: 'Ask to join' }).waitFor();
    expect(await police.getByLabel('Your own plan for the same people (optional)').inputValue()).toBe(policePlan);
    expect(await police.getByLabel('Kept as a linked part (the two no longer clash)').isChecked()).toBe(true);
    expect(await accessibilityViolations(police)).toEqual([]);

    await police.getByRole('button', { name: 'Ask to join' }).click();
    await police.getByRole('link', { name: 'Enter what your organisation wants to ask' }).waitFor(); // the error summary, linking to the field
    await police.getByLabel('What your organisation wants to ask').fill('Three questions on feeling safe in the town centre at night');
    await police.getByRole('button', { name: 'Ask to join' }).click();
    await police.getByText(/Your organisation asked to join it on .*: Waiting for an answer/).waitFor();
    expect(await accessibilityViolations(police)).toEqual([]);
  });

  it("the owner's officer accepts it with a note; the partner is listed and the two plans no longer clash", async () => {
    await county.goto(`${t.baseUrl}/#/consultation/${survey}`);
    await county.getByText(/Staffordshire Police asked on .*: Three questions on feeling safe in the town centre at night/).waitFor();
    await county.getByText('Their own plan, Youth community safety survey, becomes a linked part if you accept.').waitFor();
    expect(await accessibilityViolations(county)).toEqual([]);
    await county.getByLabel('Note to Staffordshire Police (optional)').fill('Send your questions by 1 February');
    await county.getByRole('button', { name: 'Accept Staffordshire Police' }).click();
    await county.getByText('Staffordshire Police, with its Youth community safety survey as a linked part').waitFor();
    await county.getByText('Your note: Send your questions by 1 February').waitFor();
    expect(await accessibilityViolations(county)).toEqual([]);

    await t.settled();
    await police.goto(`${t.baseUrl}/#/consultation/${policePlan}`);
    await police.getByRole('heading', { name: 'Youth community safety survey', level: 1 }).waitFor();
    expect(await police.locator('#clash-groups').textContent()).not.toContain("Young people's safety survey");
  });

  it('the owner opens it to partner questions, and a plan asking the same people about something else is pointed to it', async () => {
    await county.getByRole('button', { name: 'Open to partner questions' }).click();
    await county.getByText('Other organisations asking the same people are welcome to add their questions.').waitFor();
    await county.getByRole('button', { name: 'Close to partner questions' }).waitFor();
    expect(await accessibilityViolations(county)).toEqual([]);

    await lichfield.getByRole('link', { name: 'Plan a consultation' }).click();
    await lichfield.getByLabel('Title').fill('Play areas survey');
    await lichfield.getByLabel('Starts').fill('2027-03-08');
    await lichfield.getByLabel('Ends').fill('2027-03-21');
    await lichfield.getByLabel('Search areas').fill('Tamworth');
    await lichfield.getByRole('checkbox', { name: /^Tamworth/ }).first().check();
    await lichfield.getByRole('checkbox', { name: /^Young people/ }).check();
    const clash = lichfield.locator('#clashes .clash').filter({ hasText: "Young people's safety survey" });
    await clash.getByText('It is open to partner questions').waitFor();
    expect(await clash.getByRole('link', { name: 'ask to join it' }).getAttribute('href')).toBe(`#/consultation/${survey}`);
    // The police plan, not open to partner questions, suggests nothing.
    expect(await lichfield.locator('#clashes .clash').filter({ hasText: 'Youth community safety survey' }).getByText('It is open to partner questions').count()).toBe(0);
    expect(await accessibilityViolations(lichfield)).toEqual([]);
  });

  it('the partner leaves, after confirming, with a note; it is no longer listed and the two plans clash again', async () => {
    await police.goto(`${t.baseUrl}/#/consultation/${survey}`);
    await police.getByText(/Your organisation asked to join it on .*: Accepted/).waitFor();
    expect(await accessibilityViolations(police)).toEqual([]);
    await police.getByLabel('Why, for the owner (optional)').fill('Our questions no longer fit');
    // Dismissed, nothing changes.
    police.once('dialog', (dialog) => void dialog.dismiss());
    await police.getByRole('button', { name: 'Leave the partnership' }).click();
    expect(await t.dataSource.query(`SELECT status FROM join_request WHERE consultation_id = $1`, [survey])).toEqual([{ status: 'ACCEPTED' }]);
    let asked = '';
    police.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await police.getByRole('button', { name: 'Leave the partnership' }).click();
    await police.getByRole('heading', { name: 'Ask to join' }).waitFor();
    expect(asked).toContain("Leave “Young people's safety survey”?");
    await police.getByText('No partners yet.').waitFor();
    expect(await accessibilityViolations(police)).toEqual([]);

    await county.reload(); // still on the survey's page
    await county.getByText('Their note on ending it: Our questions no longer fit').waitFor();
    await police.goto(`${t.baseUrl}/#/consultation/${policePlan}`);
    await police.getByRole('heading', { name: 'Youth community safety survey', level: 1 }).waitFor();
    await police.locator('#clash-groups').getByText("Young people's safety survey").first().waitFor();
  });
});

describeInBrowser('the planning form suggests joining a consultation open to partner questions, in the planner', () => {
  let t: TestApp;
  let browser: Browser;
  let police: Page;
  let survey: string;

  // The county's standing residents' survey, open to partner questions; the police plan to ask
  // Stafford's residents about road safety in the same weeks: only a LOW clash, yet a way to join.
  beforeAll(async () => {
    t = await createTestApp();
    const county = await t.member('SCC', 'OFFICER');
    const stafford = await t.member('SBC', 'OFFICER');
    const residents = { audienceCodes: ['RESIDENTS'], channels: ['ONLINE_SURVEY'], startDate: '2027-05-03', endDate: '2027-06-27' };
    survey = (await t.ok(county.apiKey, REGISTER, { input: { ...residents, title: "Residents' survey 2027", topics: ['council services'], areaCodes: ['E10000028'] } })).registerConsultation.id;
    await t.ok(county.apiKey, `mutation($id: ID!) { setOpenToPartners(id: $id, open: true) { id } }`, { id: survey });
    await t.ok(stafford.apiKey, REGISTER, { input: { ...residents, title: 'Stafford leisure survey', topics: ['leisure'], areaCodes: ['E07000197'] } }); // not open
    await t.settled();
    browser = await launchChromium();
    police = await signedInPage(browser, t.baseUrl, (await t.member('SP', 'OFFICER')).apiKey);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists it under Ask to join instead whatever the clashes, and its link leads by keyboard to asking to join', async () => {
    await police.getByRole('link', { name: 'Plan a consultation' }).click();
    await police.getByLabel('Title').fill('Road safety in Stafford');
    await police.getByLabel('Starts').fill('2027-05-17');
    await police.getByLabel('Ends').fill('2027-05-30');
    await police.getByLabel('Search areas').fill('Stafford');
    await police.getByRole('checkbox', { name: /^Stafford/ }).first().check();
    await police.getByRole('checkbox', { name: /^Residents/ }).check();
    const section = police.getByRole('region', { name: 'Ask to join instead' });
    const link = section.getByRole('link', { name: "Ask to join Residents' survey 2027 instead" });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/consultation/${survey}`);
    expect(await section.textContent()).toContain('Staffordshire County Council, 3 May 2027 to 27 June 2027');
    expect(await section.textContent()).not.toContain('Stafford leisure survey'); // asks the same people, but is not open
    // Its clash is LOW: none is high or medium.
    await police.locator('#clashes').getByText(/clash/).first().waitFor();
    expect(await police.locator('#clashes').textContent()).not.toMatch(/high|medium/);
    expect(await accessibilityViolations(police)).toEqual([]);

    // Other weeks: nothing to join, and the section is gone.
    await police.getByLabel('Starts').fill('2027-09-01');
    await police.getByLabel('Ends').fill('2027-09-30');
    await section.waitFor({ state: 'hidden' });

    await police.getByLabel('Starts').fill('2027-05-17');
    await police.getByLabel('Ends').fill('2027-05-30');
    await link.focus();
    await police.keyboard.press('Enter');
    await police.getByRole('heading', { name: "Residents' survey 2027", level: 1 }).waitFor();
    await police.getByRole('heading', { name: 'Ask to join' }).waitFor();
  });
});

import { Browser, Page } from 'playwright-core';
import { laptopPage } from './browser';

// What the browser specs do on the planner's pages again and again, as a member does it.

/** Signs in with an API key on the sign-in page and waits for the timeline. */
export async function signInWithKey(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
}

/** A laptop's page (laptopPage) signed in with an API key, on the timeline. */
export async function signedInPage(browser: Browser, baseUrl: string, apiKey: string): Promise<Page> {
  const page = await laptopPage(browser);
  await signInWithKey(page, baseUrl, apiKey);
  return page;
}

/** Fills the planning form: a title and dates, for young people in Tamworth. */
export async function planForTamworthsYoungPeople(page: Page, plan: { title: string; startDate: string; endDate: string }): Promise<void> {
  await page.getByLabel('Title').fill(plan.title);
  await page.getByLabel('Starts').fill(plan.startDate);
  await page.getByLabel('Ends').fill(plan.endDate);
  await page.getByLabel('Search areas').fill('Tamworth');
  await page.getByRole('checkbox', { name: /^Tamworth/ }).first().check();
  await page.getByRole('checkbox', { name: /^Young people/ }).check();
}

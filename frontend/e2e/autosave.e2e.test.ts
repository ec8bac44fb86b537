/**
 * Saving as you type on the todo detail screen (issue 10), in headless Chromium against the local
 * stack: notes saved while typing survive a reload, a title typed just before going back reaches
 * the list, and a failed save says so, offers Retry, and Retry saves it. axe-core checks the
 * screen in its "Saved" and "Not saved" states.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signUpAndLogIn } from './support/accounts';
import { launchBrowser, newContext, screenshot, seriousViolations } from './support/browser';
import { type LocalStack, startLocalStack } from './support/stack';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const user = { email: `autosave-${Date.now().toString(36)}@example.com`, password: 'Correct1Horse' };

const notes = () => page.getByRole('textbox', { name: 'Notes' });
const title = () => page.getByLabel('Title');
/** The save status ("Saving…", "Saved", "Not saved: …") of the form holding `control`. */
const saveStatus = (control: Locator) => page.locator('form').filter({ has: control }).getByRole('status');
const saved = (control: Locator) =>
  saveStatus(control)
    .filter({ hasText: /^Saved$/ })
    .waitFor();

async function checkScreen(name: string) {
  await screenshot(page, name, { hideToast: true });
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
}

async function openTodo(name: string) {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack(), launchBrowser()]);
  context = await newContext(browser);
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  await signUpAndLogIn(page, stack, user);
  await page.getByLabel('Title').fill('Plan the trip');
  await page.getByRole('button', { name: 'Add todo' }).click();
  await page.getByRole('link', { name: 'Plan the trip', exact: true }).waitFor();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

afterEach(({ task }) => {
  if (task.result?.state === 'fail' && stack) console.error(`Local stack output:\n${stack.tail(30)}`);
});

describe('saving as you type', () => {
  it('saves notes while they are typed, with no button; they are there after a reload', async () => {
    await openTodo('Plan the trip');
    for (const name of ['Save changes', 'Save notes'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    await notes().fill('Book the hotel.\nBuy the train tickets.');
    await saved(notes());
    await checkScreen('autosave-01-saved');

    await page.reload();
    await page.getByRole('heading', { name: 'Plan the trip', level: 1 }).waitFor();
    expect(await notes().inputValue()).toBe('Book the hotel.\nBuy the train tickets.');
  });

  it('sends a title typed just before going back to the list at once: the list shows it', async () => {
    await title().fill('Plan the trip to Rome');
    // Well within the pause after which it would be sent anyway.
    await page.getByRole('link', { name: '← All todos' }).click();
    await page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await page.getByRole('link', { name: 'Plan the trip to Rome', exact: true }).waitFor();

    // The server has it too, not just this page.
    await page.reload();
    await page.getByRole('link', { name: 'Plan the trip to Rome', exact: true }).waitFor();
  });

  it('says a failed save is not saved and offers Retry, which saves it; the change survives a reload', async () => {
    await openTodo('Plan the trip to Rome');
    let failures = 0;
    // The first PATCH of this todo fails on the server's side; the rest go through.
    await page.route(`${stack.info.todosApiUrl}/todos/*`, (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH' || failures > 0) return route.fallback();
      failures++;
      return route.fulfill({
        status: 500,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': request.headers().origin ?? '*' },
        body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' } }),
      });
    });

    await notes().fill('Book the hotel near the Pantheon.');
    await saveStatus(notes())
      .filter({ hasText: /^Not saved: Something went wrong on our side/ })
      .waitFor();
    expect(failures).toBe(1);
    // What was typed stays.
    expect(await notes().inputValue()).toBe('Book the hotel near the Pantheon.');
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor();
    await checkScreen('autosave-02-not-saved');

    await retry.click();
    await saved(notes());
    expect(await retry.isVisible()).toBe(false);
    await page.unroute(`${stack.info.todosApiUrl}/todos/*`);

    await page.reload();
    await page.getByRole('heading', { name: 'Plan the trip to Rome', level: 1 }).waitFor();
    expect(await notes().inputValue()).toBe('Book the hotel near the Pantheon.');
  });
});

/**
 * Saving as you type on the todo detail screen (issue 10), in headless Chromium against the local
 * stack: notes saved while typing survive a reload, a title typed just before going back reaches
 * the list, and a failed save says so, offers Retry, and Retry saves it. axe-core checks the
 * screen in its "Saved" and "Not saved" states.
 */
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './support/browser';
import { useSignedInPage } from './support/signed-in-page';

const e2e = useSignedInPage({ emailPrefix: 'autosave' });

const notes = () => e2e.page.getByRole('textbox', { name: 'Notes' });
const title = () => e2e.page.getByLabel('Title');
/** The save status ("Saving…", "Saved", "Not saved: …") of the form holding `control`. */
const saveStatus = (control: Locator) =>
  e2e.page.locator('form').filter({ has: control }).getByRole('status');
const saved = (control: Locator) =>
  saveStatus(control)
    .filter({ hasText: /^Saved$/ })
    .waitFor();

async function checkScreen(name: string) {
  await screenshot(e2e.page, name, { hideToast: true });
  expect(await seriousViolations(e2e.page), `axe on ${name}`).toEqual([]);
}

async function openTodo(name: string) {
  await e2e.page.getByRole('link', { name, exact: true }).click();
  await e2e.page.getByRole('heading', { name, level: 1 }).waitFor();
}

beforeAll(async () => {
  await e2e.page.getByLabel('Title').fill('Plan the trip');
  await e2e.page.getByRole('button', { name: 'Add todo' }).click();
  await e2e.page.getByRole('link', { name: 'Plan the trip', exact: true }).waitFor();
});

describe('saving as you type', () => {
  it('saves notes while they are typed, with no button; they are there after a reload', async () => {
    await openTodo('Plan the trip');
    for (const name of ['Save changes', 'Save notes'])
      expect(await e2e.page.getByRole('button', { name }).count()).toBe(0);
    await notes().fill('Book the hotel.\nBuy the train tickets.');
    await saved(notes());
    await checkScreen('autosave-01-saved');

    await e2e.page.reload();
    await e2e.page.getByRole('heading', { name: 'Plan the trip', level: 1 }).waitFor();
    expect(await notes().inputValue()).toBe('Book the hotel.\nBuy the train tickets.');
  });

  it('sends a title typed just before going back to the list at once: the list shows it', async () => {
    await title().fill('Plan the trip to Rome');
    // Well within the pause after which it would be sent anyway.
    await e2e.page.getByRole('link', { name: '← All todos' }).click();
    await e2e.page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await e2e.page.getByRole('link', { name: 'Plan the trip to Rome', exact: true }).waitFor();

    // The server has it too, not just this e2e.page.
    await e2e.page.reload();
    await e2e.page.getByRole('link', { name: 'Plan the trip to Rome', exact: true }).waitFor();
  });

  it('says a failed save is not saved and offers Retry, which saves it; the change survives a reload', async () => {
    await openTodo('Plan the trip to Rome');
    let failures = 0;
    // The first PATCH of this todo fails on the server's side; the rest go through.
    await e2e.page.route(`${e2e.stack.info.todosApiUrl}/todos/*`, (route) => {
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
    const retry = e2e.page.getByRole('button', { name: 'Retry' });
    await retry.waitFor();
    await checkScreen('autosave-02-not-saved');

    await retry.click();
    await saved(notes());
    expect(await retry.isVisible()).toBe(false);
    await e2e.page.unroute(`${e2e.stack.info.todosApiUrl}/todos/*`);

    await e2e.page.reload();
    await e2e.page.getByRole('heading', { name: 'Plan the trip to Rome', level: 1 }).waitFor();
    expect(await notes().inputValue()).toBe('Book the hotel near the Pantheon.');
  });
});

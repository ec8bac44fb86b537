/** Signing a new user up and in through the app's screens, as a person would. */
import type { Page } from 'playwright-core';
import type { LocalStack } from './stack';

export interface User {
  email: string;
  password: string;
}

/**
 * On the open Register screen: sends the form, then types the emailed confirmation code into the
 * Confirm screen (without pressing Confirm).
 */
export async function registerAndEnterCode(page: Page, stack: LocalStack, user: User): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  const since = stack.mark();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
  await page.getByLabel('Confirmation code').fill(await stack.code('confirmation', user.email, since));
}

export async function signUpAndLogIn(page: Page, stack: LocalStack, user: User): Promise<void> {
  await page.goto(new URL('/register', stack.info.webUrl).href);
  await page.getByRole('heading', { name: 'Register' }).waitFor();
  await registerAndEnterCode(page, stack, user);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Your todos' }).waitFor();
}

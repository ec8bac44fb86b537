/**
 * The set-up every e2e file shares, as vitest hooks: a local stack and headless Chromium for the
 * file, and (for files that need one) a page signed in as a new user. Call at the top of a file;
 * the returned accessors are usable from the first test, or from a later `beforeAll`, on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { signUpAndLogIn, type User } from './accounts';
import { launchBrowser, newContext } from './browser';
import { type LocalStack, startLocalStack } from './stack';

export interface StackAndBrowser {
  readonly stack: LocalStack;
  readonly browser: Browser;
}

export interface SignedInPage extends StackAndBrowser {
  /** The signed-in page's browser context (its storage holds the session). */
  readonly context: BrowserContext;
  readonly page: Page;
  readonly user: User;
}

export interface SignedInPageOptions {
  /** The account's email is `<emailPrefix>-<this run>@example.com`, new on every run. */
  emailPrefix: string;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet: use it in a test or a later hook`);
  return value;
}

/** Starts the local stack and Chromium before the file's tests and stops them after. */
export function useStackAndBrowser(): StackAndBrowser {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Both at once; keep whichever started, so afterAll stops it even if the other failed.
    const [stackStart, browserStart] = await Promise.allSettled([startLocalStack(), launchBrowser()]);
    if (stackStart.status === 'fulfilled') stack = stackStart.value;
    if (browserStart.status === 'fulfilled') browser = browserStart.value;
    if (stackStart.status === 'rejected') throw stackStart.reason;
    if (browserStart.status === 'rejected') throw browserStart.reason;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  afterEach(({ task }) => {
    // What the stack said around a failure is the first thing to read when diagnosing it.
    if (task.result?.state === 'fail' && stack) console.error(`Local stack output:\n${stack.tail(30)}`);
  });

  return {
    get stack() {
      return started(stack, 'The local stack');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
  };
}

/** As useStackAndBrowser, plus a page on which a new user has signed up and logged in. */
export function useSignedInPage({ emailPrefix }: SignedInPageOptions): SignedInPage {
  const user = { email: `${emailPrefix}-${Date.now().toString(36)}@example.com`, password: 'Correct1Horse' };
  const stackAndBrowser = useStackAndBrowser();
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  // Registered after useStackAndBrowser's hooks: runs once they have started, closes before they stop.
  beforeAll(async () => {
    context = await newContext(stackAndBrowser.browser);
    // A fresh stack bundles each function on its first call: the first screens can take a while.
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await signUpAndLogIn(page, stackAndBrowser.stack, user);
  });

  afterAll(async () => {
    await context?.close();
  });

  return {
    get stack() {
      return stackAndBrowser.stack;
    },
    get browser() {
      return stackAndBrowser.browser;
    },
    get context() {
      return started(context, 'The signed-in browser context');
    },
    get page() {
      return started(page, 'The signed-in page');
    },
    user,
  };
}

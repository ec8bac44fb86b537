import { readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';

/**
 * The memory of a Chromium tab as the operating system sees it. Chromium runs each site in a
 * renderer process of its own, beside the browser, GPU, network and storage processes; the tab's
 * memory is its renderer's. Which renderer serves a page is not in CDP, so it is found by keeping
 * the page busy for a moment and seeing which renderer's CPU time moves (SystemInfo.getProcessInfo
 * lists every process with its pid and CPU time). Memory is read from /proc (Linux only).
 */
export interface ChromiumProcess {
  type: string;
  id: number;
  cpuTime: number;
}

export const processesOf = async (session: CDPSession): Promise<ChromiumProcess[]> =>
  (await session.send('SystemInfo.getProcessInfo')).processInfo as ChromiumProcess[];

/** The pid of the renderer process that runs `page`. */
export async function tabRendererPid(browser: Browser, page: Page): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = new Map((await processesOf(session)).map((p) => [p.id, p.cpuTime]));
      await page.evaluate(() => {
        const until = performance.now() + 500;
        while (performance.now() < until) {
          // busy: this renderer's CPU time is the one that moves
        }
      });
      const gains = (await processesOf(session))
        .filter((p) => p.type === 'renderer')
        .map((p) => ({ id: p.id, gain: p.cpuTime - (before.get(p.id) ?? 0) }))
        .sort((a, b) => b.gain - a.gain);
      const [first, second] = gains;
      // Clear only when one renderer took nearly all of it (another tab's work would blur it).
      if (first && first.gain > 0.1 && (!second || first.gain > 4 * second.gain)) return first.id;
    }
  } finally {
    await session.detach();
  }
  throw new Error('could not tell which renderer process runs the page');
}

/** Resident (RSS) and proportional (PSS: shared pages split among their users) memory, in bytes. */
export interface ProcessMemory {
  rss: number;
  pss: number;
}

/** Undefined once the process is gone. */
export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kb('Rss') * 1024, pss: kb('Pss') * 1024 };
  } catch {
    return undefined;
  }
}

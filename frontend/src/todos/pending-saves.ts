/**
 * Saves still on their way after their screen was left (the detail screen sends what waits as
 * it closes). A list loaded meanwhile waits for them, up to a few seconds: its request could
 * otherwise overtake the save and show the text it replaces.
 */
const pending = new Set<Promise<unknown>>();
const WAIT_AT_MOST_MS = 3000;

export function trackSave(save: Promise<unknown>): void {
  pending.add(save);
  void save.finally(() => pending.delete(save)).catch(() => undefined);
}

export async function savesSettled(): Promise<void> {
  if (pending.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled([...pending]),
    new Promise((resolve) => {
      timer = setTimeout(resolve, WAIT_AT_MOST_MS);
    }),
  ]);
  clearTimeout(timer);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { savesSettled, trackSave } from './pending-saves';

afterEach(() => vi.useRealTimers());

describe('saves still on their way after leaving a screen', () => {
  it('holds a list load until the save is answered, so the list cannot show the text it replaces', async () => {
    let answer!: () => void;
    const save = new Promise<void>((resolve) => {
      answer = resolve;
    });
    trackSave(save);
    let loaded = false;
    const load = savesSettled().then(() => {
      loaded = true;
    });
    await Promise.resolve();
    expect(loaded).toBe(false);
    answer();
    await load;
    expect(loaded).toBe(true);
  });

  it('waits at most three seconds for a save that never answers, and not at all when none is pending', async () => {
    vi.useFakeTimers();
    trackSave(new Promise(() => {}));
    let loaded = false;
    const load = savesSettled().then(() => {
      loaded = true;
    });
    await vi.advanceTimersByTimeAsync(2900);
    expect(loaded).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await load;
    expect(loaded).toBe(true);
  });

  it('lets a failed save go without failing the load', async () => {
    const failed = Promise.reject(new Error('offline'));
    trackSave(failed);
    await expect(savesSettled()).resolves.toBeUndefined();
  });
});

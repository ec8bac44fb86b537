import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Changes, flushPromises, recordingAutosave, textPart } from '../testing/autosave-parts';
import { AUTOSAVE_DELAY_MS, type Autosave } from './autosave';

/**
 * A keepalive save (the tab hidden or closing) and the ordinary saves around it: whatever order
 * the server applies them in, it ends with the newest text while the page is still there.
 */
describe('Autosave with a keepalive request still unanswered (the tab was hidden, then shown again)', () => {
  let requests: ReturnType<typeof recordingAutosave>['requests'];
  let exits: Changes[];
  let exitAnswers: ReturnType<typeof recordingAutosave>['exitAnswers'];
  let autosave: Autosave<Changes>;
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.replaceChildren();
    ({ autosave, requests, exits, exitAnswers } = recordingAutosave({ exitsWait: true }));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends what is typed next only once it is answered, so the older text cannot reach the server last', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    autosave.flushOnExit();
    // Back on the tab, typing on
    title.type('Plan trip to Rome');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(requests).toHaveLength(0);
    exitAnswers[0]?.resolve();
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip to Rome' }]);
  });

  it('sends the newest text again when the save in flight beside it is answered first', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip', { now: true });
    title.type('Plan trip to Rome');
    autosave.flushOnExit();
    expect(exits).toEqual([{ title: 'Plan trip to Rome' }]);
    // The ordinary save is answered first, the keepalive after it: either may have been applied
    // last by the server, so the newest title goes once more.
    requests[0]?.answer.resolve();
    await flushPromises();
    expect(requests).toHaveLength(1);
    exitAnswers[0]?.resolve();
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }, { title: 'Plan trip to Rome' }]);
    requests[1]?.answer.resolve();
    await flushPromises();
    expect(title.status()).toBe('Saved');
  });

  it('takes the keepalive answer as saved when it went alone, and sends nothing more', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    autosave.flushOnExit();
    exitAnswers[0]?.resolve();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(requests).toHaveLength(0);
    expect(title.status()).toBe('Saved');
  });

  it('flush (leaving the screen) waits for the keepalive answer and for the save that follows it', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    autosave.flushOnExit();
    title.type('Plan trip to Rome');
    let done = false;
    void autosave.flush().then(() => {
      done = true;
    });
    exitAnswers[0]?.resolve();
    await flushPromises();
    expect(done).toBe(false);
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip to Rome' }]);
    requests[0]?.answer.resolve();
    await flushPromises();
    expect(done).toBe(true);
  });

  it('sends what waits the ordinary way, with its status, when the keepalive fails after an earlier failure', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip', { now: true });
    requests[0]?.answer.reject(new Error('You are offline.'));
    await flushPromises();
    title.type('Plan trip to Rome');
    autosave.flushOnExit();
    exitAnswers[0]?.reject(new Error('You are offline.'));
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }, { title: 'Plan trip to Rome' }]);
    expect(title.status()).toBe('Saving…');
  });
});

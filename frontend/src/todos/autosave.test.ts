import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Changes, flushPromises, recordingAutosave, textPart } from '../testing/autosave-parts';
import { click, getByRole, queryByRole } from '../testing/dom-helpers';
import { AUTOSAVE_DELAY_MS, type Autosave } from './autosave';

let requests: ReturnType<typeof recordingAutosave>['requests'];
let exits: Changes[];
let autosave: Autosave<Changes>;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.replaceChildren();
  ({ autosave, requests, exits } = recordingAutosave());
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('coalesces the keystrokes of one burst of typing into one request, sent a pause after the last', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan t');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS - 100);
    title.type('Plan tr');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS - 100);
    title.type('Plan trip');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS - 1);
    expect(requests).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }]);
    expect(title.status()).toBe('Saving…');

    requests[0]?.answer.resolve();
    await flushPromises();
    expect(title.status()).toBe('Saved');
  });

  it('sends an edit made while a save is in flight after it, never alongside it', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    title.type('Plan trip to Rome');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS * 3);
    expect(requests).toHaveLength(1);

    requests[0]?.answer.resolve();
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }, { title: 'Plan trip to Rome' }]);
    expect(title.status()).toBe('Saving…');
    requests[1]?.answer.resolve();
    await flushPromises();
    expect(title.status()).toBe('Saved');
  });

  it('merges the changes of several parts of one todo into one request', () => {
    const title = textPart(autosave, 'title', 'Plan');
    const notes = textPart(autosave, 'notes', '');
    title.type('Plan trip');
    notes.type('Book hotel');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip', notes: 'Book hotel' }]);
  });

  it('says why a save failed and offers Retry; the text stays, and Retry saves it', async () => {
    const notes = textPart(autosave, 'notes', '');
    notes.type('Book hotel');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    requests[0]?.answer.reject(new Error('The service is busy right now.'));
    await flushPromises();
    expect(notes.status()).toBe('Not saved: The service is busy right now.');
    expect((getByRole('textbox', 'notes') as HTMLInputElement).value).toBe('Book hotel');
    // Nothing is retried behind the user's back.
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS * 10);
    expect(requests).toHaveLength(1);

    click(getByRole('button', 'Retry'));
    expect(requests.map((r) => r.changes)).toEqual([{ notes: 'Book hotel' }, { notes: 'Book hotel' }]);
    expect(notes.status()).toBe('Saving…');
    expect(document.activeElement).toBe(getByRole('textbox', 'notes'));
    requests[1]?.answer.resolve();
    await flushPromises();
    expect(notes.status()).toBe('Saved');
    expect(queryByRole('button', 'Retry')).toBeNull();
  });

  it('flush sends what waits at once, and resolves once the server has answered', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    let done: boolean | null = null;
    void autosave.flush().then((saved) => {
      done = saved;
    });
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }]);
    await flushPromises();
    expect(done).toBeNull();
    requests[0]?.answer.resolve();
    await flushPromises();
    expect(done).toBe(true);
    // The timer of the last keystroke sends nothing more.
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(requests).toHaveLength(1);
  });

  it('flush waits for the save in flight, then sends what was typed during it', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    title.type('Plan trip to Rome');
    const flushed = autosave.flush();
    requests[0]?.answer.resolve();
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }, { title: 'Plan trip to Rome' }]);
    requests[1]?.answer.resolve();
    expect(await flushed).toBe(true);
  });

  it('does not send an invalid title and says it is not saved; other changes still go', () => {
    const title = textPart(autosave, 'title', 'Plan');
    const notes = textPart(autosave, 'notes', '');
    title.type('   ');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(requests).toHaveLength(0);
    expect(title.status()).toBe('Not saved: A todo needs a title.');
    expect(queryByRole('button', 'Retry')).toBeNull();
    expect(autosave.invalid()).toBe(true);

    notes.type('Book hotel');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(requests.map((r) => r.changes)).toEqual([{ notes: 'Book hotel' }]);
  });

  it('sends a date picked (`now`) at once', () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip', { now: true });
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }]);
  });

  it('on exit sends everything not yet confirmed as one keepalive request, in flight or waiting', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    const notes = textPart(autosave, 'notes', '');
    title.type('Plan trip');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    notes.type('Book hotel');
    autosave.flushOnExit();
    // Closing a tab hides it, then fires pagehide: the same changes go once.
    autosave.flushOnExit();
    expect(exits).toEqual([{ title: 'Plan trip', notes: 'Book hotel' }]);
    // The tab was only hidden: the keepalive answer counts, and nothing is sent again.
    await flushPromises();
    expect(notes.status()).toBe('Saved');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(requests).toHaveLength(1);
  });

  it('sends the newest text again when an older answer arrives after the keepalive of a hidden tab', async () => {
    const title = textPart(autosave, 'title', 'Plan');
    title.type('Plan trip');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    title.type('Plan trip to Rome');
    autosave.flushOnExit();
    await flushPromises();
    expect(exits).toEqual([{ title: 'Plan trip to Rome' }]);
    // The ordinary request, sent first, is answered last: the server may hold the older title.
    requests[0]?.answer.resolve();
    await flushPromises();
    expect(requests.map((r) => r.changes)).toEqual([{ title: 'Plan trip' }, { title: 'Plan trip to Rome' }]);
    requests[1]?.answer.resolve();
    await flushPromises();
    expect(title.status()).toBe('Saved');
    expect(requests).toHaveLength(2);
  });
});

import { vi } from 'vitest';
import { Autosave, type AutosavePart } from '../todos/autosave';
import { saveStatusView } from '../todos/save-status';

/** For the autosave's tests: a form part saving through it, and requests answered at will. */
export type Changes = { title?: string; notes?: string };

/** A request the test answers when it chooses. */
export function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/**
 * A one-field form saving through the autosave, as the detail screen's sections do: an input,
 * the server's value, the status with Retry. An empty title cannot be sent.
 */
export function textPart(autosave: Autosave<Changes>, key: 'title' | 'notes', serverValue: string) {
  const input = document.createElement('input');
  input.setAttribute('aria-label', key);
  let saved = serverValue;
  input.value = serverValue;
  const status = saveStatusView({ retry: () => autosave.retry(), focusAfterRetry: () => input });
  document.body.append(input, status.element);
  const part: AutosavePart<Changes> = {
    read() {
      const value = input.value;
      if (key === 'title' && !value.trim()) return { changes: null, invalid: 'A todo needs a title.' };
      return { changes: value === saved ? null : { [key]: value }, invalid: null };
    },
    saved(changes) {
      const value = changes[key];
      if (value !== undefined) saved = value;
    },
    show: (s) => status.show(s),
  };
  autosave.add(part);
  return {
    status: () => status.element.querySelector('[role=status]')?.textContent,
    type(value: string, options: { now?: boolean } = {}) {
      input.value = value;
      autosave.edited(part, options);
    },
  };
}

/** Lets promise callbacks run (fake timers do not hold them back). */
export const flushPromises = () => vi.advanceTimersByTimeAsync(0);

/**
 * An autosave whose requests are recorded and answered by the test (`requests[i].answer`); its
 * keepalive requests are recorded too, and answered at once or, with `exitsWait`, by the test
 * (`exitAnswers[i]`).
 */
export function recordingAutosave({ exitsWait = false } = {}) {
  const requests: { changes: Changes; answer: ReturnType<typeof deferred> }[] = [];
  const exits: Changes[] = [];
  const exitAnswers: ReturnType<typeof deferred>[] = [];
  const autosave = new Autosave<Changes>({
    send(changes) {
      const answer = deferred();
      requests.push({ changes, answer });
      return answer.promise;
    },
    sendOnExit(changes) {
      exits.push(changes);
      const answer = deferred();
      exitAnswers.push(answer);
      if (!exitsWait) answer.resolve();
      return answer.promise;
    },
    describe: (error) => (error as Error).message,
  });
  return { autosave, requests, exits, exitAnswers };
}

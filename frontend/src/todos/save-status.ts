import { h } from '../ui/dom';
import type { SaveStatus } from './autosave';

const WORDS: Record<SaveStatus['state'], string> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  invalid: 'Not saved',
  failed: 'Not saved',
};

/**
 * Where a form says whether what was typed is saved: "Saving…", "Saved", "Not saved: <reason>"
 * (with Retry after a failure). The words are a polite live region; Retry sits beside it, not in
 * it, so it is not read out with every status.
 */
export function saveStatusView(options: { retry: () => void; focusAfterRetry: () => HTMLElement }) {
  const text = h('span', { role: 'status', class: 'save-status-text' });
  const retry = h('button', { type: 'button', hidden: true }, 'Retry');
  const element = h('div', { class: 'save-status' }, text, retry);
  retry.addEventListener('click', () => {
    // Retry hides itself: focus goes back to what was being written.
    options.focusAfterRetry().focus();
    options.retry();
  });
  return {
    element,
    show(status: SaveStatus) {
      const words = 'reason' in status ? `${WORDS[status.state]}: ${status.reason}` : WORDS[status.state];
      // Only a change is written: the same words again would be read out again.
      if (text.textContent !== words) text.textContent = words;
      retry.hidden = status.state !== 'failed';
      element.classList.toggle('is-error', status.state === 'failed' || status.state === 'invalid');
    },
  };
}

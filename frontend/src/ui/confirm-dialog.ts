import { h, uniqueId } from './dom';

/**
 * An accessible modal confirmation built on <dialog>: focus starts on "Cancel", Escape cancels,
 * and focus returns to whatever opened it. Resolves true when the user confirms.
 */
export interface ConfirmDialog {
  element: HTMLDialogElement;
  ask(title: string, message: string, confirmLabel: string): Promise<boolean>;
}

export function createConfirmDialog(): ConfirmDialog {
  const titleId = uniqueId('dialog-title');
  const messageId = uniqueId('dialog-message');
  const title = h('h2', { id: titleId });
  const message = h('p', { id: messageId });
  const cancel = h('button', { type: 'button', 'data-choice': 'cancel' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: 'button-danger', 'data-choice': 'confirm' });
  const element = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': messageId },
    title,
    message,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  element.addEventListener('click', (event) => {
    const choice = (event.target as HTMLElement).closest<HTMLElement>('[data-choice]')?.dataset.choice;
    if (choice) element.close(choice);
  });

  return {
    element,
    ask(titleText, messageText, confirmLabel) {
      title.textContent = titleText;
      message.textContent = messageText;
      confirm.textContent = confirmLabel;
      const opener = document.activeElement as HTMLElement | null;
      element.returnValue = '';
      return new Promise((resolve) => {
        element.addEventListener(
          'close',
          () => {
            opener?.isConnected && opener.focus();
            resolve(element.returnValue === 'confirm');
          },
          { once: true },
        );
        element.showModal();
        cancel.focus();
      });
    },
  };
}

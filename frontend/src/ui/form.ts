import { h, uniqueId } from './dom';

export type Control = HTMLInputElement | HTMLTextAreaElement;

export interface Field<C extends Control = Control> {
  wrapper: HTMLDivElement;
  control: C;
  /** Shows (or with null, clears) the message next to the control and marks it invalid. */
  setError(message: string | null): void;
}

export interface FieldOptions {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  inputmode?: string;
  rows?: number;
  /** Help shown under the label (linked with aria-describedby). */
  hint?: Node | string;
  /** Keep the label for assistive technology only (a visible heading already says it). */
  labelHidden?: boolean;
  /**
   * Further rules the value must meet besides `required` and `maxlength`: true when it does. A
   * shown error clears as soon as the value meets them all, while the user types.
   */
  valid?: (value: string) => boolean;
}

/** A labelled native control with an optional hint and an error message slot. */
export function field<C extends Control = HTMLInputElement>(options: FieldOptions): Field<C> {
  const id = uniqueId(options.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: options.name,
    required: options.required,
    'aria-required': options.required ? 'true' : null,
    autocomplete: options.autocomplete,
    maxlength: options.maxlength,
    'aria-describedby': options.hint ? hintId : null,
  };
  const control = (
    options.multiline
      ? h('textarea', { ...common, rows: options.rows ?? 3 })
      : h('input', { ...common, type: options.type ?? 'text', inputmode: options.inputmode })
  ) as C;
  // role=status: a notice (text cut to fit) is announced without interrupting.
  const note = h('p', { class: 'hint field-note', role: 'status', hidden: true });
  // role=alert: an error that appears (on submit, or from the server) is announced at once.
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
  const label = h('label', { for: id, class: options.labelHidden ? 'visually-hidden' : null }, options.label);
  // The required marker sits beside the label, not in it, so the label (and the control's
  // accessible name) is exactly the field's name; `required` / aria-required say it to assistive tech.
  const marker =
    options.required && !options.labelHidden
      ? h('span', { class: 'required', 'aria-hidden': 'true' }, '*')
      : null;
  const wrapper = h(
    'div',
    { class: 'field' },
    marker ? h('div', { class: 'field-label' }, label, marker) : label,
    options.hint ? h('div', { class: 'hint', id: hintId }, options.hint) : null,
    control,
    note,
    error,
  );
  const isValid = (value: string) =>
    (!options.required || value.trim() !== '') &&
    (options.maxlength === undefined || value.length <= options.maxlength) &&
    (options.valid?.(value) ?? true);
  const setError = (message: string | null) => {
    error.textContent = message ?? '';
    error.hidden = !message;
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    const describedBy = [options.hint ? hintId : null, message ? errorId : null].filter(Boolean).join(' ');
    if (describedBy) control.setAttribute('aria-describedby', describedBy);
    else control.removeAttribute('aria-describedby');
  };
  // Fixed is fixed: the red border, aria-invalid and the message go as soon as the value is valid.
  control.addEventListener('input', (event) => {
    if (!error.hidden && isValid(control.value)) setError(null);
    if ((event as InputEvent).inputType !== 'insertFromPaste') note.hidden = true;
  });
  // maxlength cuts a long paste silently; say so.
  const max = options.maxlength;
  if (max !== undefined) {
    control.addEventListener('paste', (event) => {
      const text = (event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '';
      const selected = (control.selectionEnd ?? 0) - (control.selectionStart ?? 0);
      const room = max - (control.value.length - selected);
      note.hidden = text.length <= room;
      note.textContent = `The pasted text was cut off at ${max} characters, the most ${options.label} can hold.`;
    });
  }
  return { wrapper, control, setError };
}

/** A form-level message (role=alert so it is announced when it appears). */
export function formMessage(): { element: HTMLParagraphElement; set(message: string | null): void } {
  const element = h('p', { class: 'form-error', role: 'alert', hidden: true });
  return {
    element,
    set(message) {
      element.textContent = message ?? '';
      element.hidden = !message;
    },
  };
}

/** Disables a submit button while `work` runs, showing `busyLabel`; restores it afterwards. */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>) {
  const label = button.textContent;
  const doc = button.ownerDocument;
  const hadFocus = doc.activeElement === button;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
    // Disabling a focused button drops focus to the page; give it back if it is still here.
    if (hadFocus && button.isConnected && (doc.activeElement === doc.body || !doc.activeElement)) {
      button.focus();
    }
  }
}

/**
 * Shows each message next to the field it names (messages for unknown fields are ignored) and
 * returns the first of those fields' controls, for focus; null when none matched.
 */
export function showFieldErrors(
  fields: Readonly<Record<string, Field>>,
  messages: Readonly<Record<string, string>>,
): HTMLElement | null {
  let first: HTMLElement | null = null;
  for (const [name, text] of Object.entries(messages)) {
    const f = fields[name];
    if (f) {
      f.setError(text);
      first ??= f.control;
    }
  }
  return first;
}

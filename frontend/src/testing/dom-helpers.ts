/**
 * Finding things in tests the way a person would: by their accessible label or role name.
 * Enough of the accessible-name rules for this app's markup (label[for], aria-label,
 * aria-labelledby, text content).
 */

function textOf(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function accessibleName(element: Element): string {
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    return labelledBy
      .split(/\s+/)
      .map((id) => element.ownerDocument.getElementById(id))
      .filter((el): el is HTMLElement => el !== null)
      .map(textOf)
      .join(' ');
  }
  const ariaLabel = element.getAttribute('aria-label');
  if (ariaLabel) return ariaLabel;
  if (element.id) {
    const label = element.ownerDocument.querySelector(`label[for="${element.id}"]`);
    if (label) return textOf(label);
  }
  // Content names leave out what is hidden from assistive technology (e.g. an icon).
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return textOf(copy);
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button',
  link: 'a[href]',
  checkbox: 'input[type=checkbox]',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=password], textarea',
  searchbox: 'input[type=search]',
  heading: 'h1, h2, h3',
  progressbar: 'progress',
  alert: '[role=alert]',
  status: '[role=status]',
  dialog: 'dialog',
  listitem: 'li',
  navigation: 'nav',
  combobox: 'select',
};

const visible = (element: Element) => !element.closest('[hidden]');

export function getAllByRole(
  role: string,
  name?: string | RegExp,
  root: ParentNode = document,
): HTMLElement[] {
  const selector = ROLE_SELECTORS[role];
  if (!selector) throw new Error(`unknown role ${role}`);
  return [...root.querySelectorAll<HTMLElement>(selector)].filter((el) => {
    if (!visible(el)) return false;
    if (name === undefined) return true;
    const accessible = accessibleName(el);
    return typeof name === 'string' ? accessible === name : name.test(accessible);
  });
}

export function getByRole<T extends HTMLElement = HTMLElement>(
  role: string,
  name?: string | RegExp,
  root: ParentNode = document,
): T {
  const found = getAllByRole(role, name, root);
  if (found.length !== 1) {
    const names = [...root.querySelectorAll(ROLE_SELECTORS[role] ?? '*')].map(accessibleName);
    throw new Error(
      `expected one ${role} named ${String(name)}, found ${found.length} (saw: ${names.join(' | ')})`,
    );
  }
  return found[0] as T;
}

export const queryByRole = (role: string, name?: string | RegExp, root: ParentNode = document) =>
  getAllByRole(role, name, root)[0] ?? null;

/** The control whose <label> text is exactly `label` (no required marker or other extras). */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(
  label: string,
  root: ParentNode = document,
): T {
  const matches = [...root.querySelectorAll('label')].filter((l) => textOf(l) === label);
  const controls = matches
    .map((l) => (l.htmlFor ? document.getElementById(l.htmlFor) : null))
    .filter((el): el is HTMLElement => el !== null && visible(el));
  if (controls.length !== 1)
    throw new Error(`expected one control labelled ${label}, found ${controls.length}`);
  return controls[0] as T;
}

/** Types into a control as a user would: value change plus an input event. */
export function type(control: HTMLInputElement | HTMLTextAreaElement, text: string) {
  control.focus();
  control.value = text;
  control.dispatchEvent(new Event('input', { bubbles: true }));
}

export function click(element: HTMLElement) {
  element.focus();
  element.click();
}

export function submit(form: HTMLFormElement | null) {
  if (!form) throw new Error('no form');
  form.requestSubmit();
}

/** Lets pending promises and timers of 0 ms run. */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Waits until the live region has been given its latest message. */
export const announced = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * Every visible element Playwright's `getByLabel(text)` would find: a case-insensitive substring
 * of a <label>'s text, an aria-label or an aria-labelledby text. More than one means a browser
 * test using `getByLabel(text)` fails in strict mode.
 */
export function getAllByLabelLike(text: string, root: ParentNode = document): HTMLElement[] {
  const needle = text.toLowerCase();
  const doc = (root as Node).ownerDocument ?? (root as Document);
  return [...root.querySelectorAll<HTMLElement>('*')].filter((el) => {
    if (!visible(el)) return false;
    const labelledBy = el.getAttribute('aria-labelledby');
    const names = labelledBy
      ? labelledBy.split(/\s+/).map((id) => textOf(doc.getElementById(id) ?? doc.createElement('span')))
      : el.getAttribute('aria-label')?.trim()
        ? [el.getAttribute('aria-label') ?? '']
        : /^(INPUT|TEXTAREA|SELECT|BUTTON|PROGRESS|METER|OUTPUT)$/.test(el.tagName) && el.id
          ? [...doc.querySelectorAll(`label[for="${el.id}"]`)].map(textOf)
          : [];
    return names.some((name) => name.toLowerCase().includes(needle));
  });
}

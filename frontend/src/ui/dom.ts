/**
 * Small DOM helpers. Text goes in only as text nodes or attribute values, never as HTML,
 * so user data can't become markup.
 */

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

/** `h('button', {type: 'button', 'data-action': 'x'}, 'Label')`; false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Text only a screen reader reads (e.g. the file name in "Delete <name>"). */
export const srOnly = (text: string) => h('span', { class: 'visually-hidden' }, text);

type ActionHandler<E extends Event> = (target: HTMLElement, event: E) => void;

/**
 * One delegated listener per container: events from any descendant with `data-action="name"`
 * go to `handlers[name]` with that element.
 */
export function onAction<E extends Event = Event>(
  container: HTMLElement,
  type: string,
  handlers: Record<string, ActionHandler<E>>,
): void {
  container.addEventListener(type, (event) => {
    const target = (event.target as Element | null)?.closest?.('[data-action]') as HTMLElement | null;
    if (!target || !container.contains(target)) return;
    const handler = handlers[target.dataset.action ?? ''];
    if (handler) handler(target, event as E);
  });
}

/**
 * Replaces a container's children and keeps keyboard focus where it was: the element with the
 * same `data-focus-key` gets focus back; if it is gone, `fallback()` (e.g. the next row) does.
 */
export function renderKeepingFocus(
  container: HTMLElement,
  children: Node[],
  fallback?: (lostKey: string) => HTMLElement | null | undefined,
): void {
  const active = container.ownerDocument.activeElement as HTMLElement | null;
  const key = active && container.contains(active) ? active.dataset.focusKey : undefined;
  container.replaceChildren(...children);
  if (!key) return;
  const same = [...container.querySelectorAll<HTMLElement>('[data-focus-key]')].find(
    (el) => el.dataset.focusKey === key,
  );
  const next = same ?? fallback?.(key);
  next?.focus();
}

let idCounter = 0;
/** A document-unique id for wiring labels and descriptions. */
export const uniqueId = (prefix: string) => `${prefix}-${++idCounter}`;

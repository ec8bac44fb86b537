import { CHECKLIST_MAX, CHECKLIST_TEXT_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { ChecklistItem, Todo } from '../types';
import { type Child, h, onAction, renderKeepingFocus, srOnly, uniqueId } from '../ui/dom';
import { field, formMessage } from '../ui/form';
import { describeError } from '../ui/messages';
import type { DetailSection } from './edit-section';

/** What PATCH takes: the whole list; new items have no itemId yet. */
type Draft = Omit<ChecklistItem, 'itemId'> & { itemId?: string };

/** "2 of 5 done" progress, for the heading. */
export const progressText = (items: readonly ChecklistItem[]) =>
  `${items.filter((i) => i.done).length} of ${items.length} done`;

/**
 * The checklist: add, tick, edit, delete, move up/down. Each act saves the whole list at once
 * (the API replaces it whole); a failure is said under the section and the saved list is shown.
 */
export function checklistSection(ctx: ScreenContext, todoId: string): DetailSection {
  const heading = h('h2', { id: uniqueId('checklist-heading') }, 'Checklist');
  const progress = h('p', { class: 'muted checklist-progress' });
  const list = h('ul', { class: 'checklist', 'aria-labelledby': heading.id });
  const newItem = field({ label: 'New checklist item', name: 'item', maxlength: CHECKLIST_TEXT_MAX });
  const addForm = h(
    'form',
    { class: 'inline-form', novalidate: true },
    newItem.wrapper,
    h('button', { type: 'submit' }, 'Add item'),
  );
  const message = formMessage();
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': heading.id },
    heading,
    progress,
    list,
    addForm,
    message.element,
  );
  let items: ChecklistItem[] = [];
  let editing: string | null = null;

  async function save(next: Draft[], done: string): Promise<boolean> {
    message.set(null);
    try {
      await ctx.todo.save(todoId, { checklist: next as ChecklistItem[] });
      ctx.announce(done);
      return true;
    } catch (error) {
      message.set(describeError(error));
      render();
      return false;
    }
  }

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    newItem.setError(null);
    const text = newItem.control.value.trim();
    if (!text) return newItem.setError('Type the item first.');
    if (items.length >= CHECKLIST_MAX)
      return newItem.setError(`A checklist holds at most ${CHECKLIST_MAX} items.`);
    if (await save([...items, { text, done: false }], `Added “${text}” to the checklist.`)) {
      newItem.control.value = '';
      newItem.control.focus();
    }
  });

  const itemOf = (target: HTMLElement) => items.find((i) => i.itemId === target.dataset.item);
  const others = (item: ChecklistItem) => items.filter((i) => i !== item);

  onAction<Event>(list, 'change', {
    tick: (target) => {
      const item = itemOf(target);
      const done = (target as HTMLInputElement).checked;
      if (!item) return;
      const next = items.map((i) => (i === item ? { ...i, done } : i));
      void save(next, `${done ? 'Ticked' : 'Unticked'} “${item.text}”: ${progressText(next)}.`);
    },
  });
  onAction<MouseEvent>(list, 'click', {
    edit: (target) => {
      editing = target.dataset.item ?? null;
      render();
      list.querySelector<HTMLInputElement>('input[name="edit-item"]')?.focus();
    },
    cancel: () => {
      editing = null;
      render();
    },
    delete: (target) => {
      const item = itemOf(target);
      if (item) void save(others(item), `Deleted “${item.text}” from the checklist.`);
    },
    up: (target) => move(target, -1),
    down: (target) => move(target, 1),
  });
  list.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = (event.target as HTMLElement).querySelector<HTMLInputElement>('input[name="edit-item"]');
    const item = items.find((i) => i.itemId === editing);
    const text = input?.value.trim() ?? '';
    if (!item || !text) return;
    if (
      await save(
        items.map((i) => (i === item ? { ...i, text } : i)),
        `Saved “${text}”.`,
      )
    ) {
      editing = null;
      render();
      list.querySelector<HTMLElement>(`[data-focus-key="edit:${item.itemId}"]`)?.focus();
    }
  });

  function move(target: HTMLElement, by: -1 | 1) {
    const item = itemOf(target);
    const from = item ? items.indexOf(item) : -1;
    const to = from + by;
    if (!item || to < 0 || to >= items.length) return;
    const next = others(item);
    next.splice(to, 0, item);
    void save(next, `Moved “${item.text}” ${by < 0 ? 'up' : 'down'}: ${to + 1} of ${items.length}.`);
  }

  // Names come from the content (visible word or icon, plus hidden words), not aria-label, so
  // that the item's text labels only its checkbox.
  const button = (action: string, item: ChecklistItem, content: Child[], disabled = false) =>
    h(
      'button',
      {
        type: 'button',
        class: 'small-button',
        'data-action': action,
        'data-item': item.itemId,
        'data-focus-key': `${action}:${item.itemId}`,
        'aria-disabled': disabled ? 'true' : null,
      },
      ...content,
    );
  const icon = (text: string) => h('span', { 'aria-hidden': 'true' }, text);

  function row(item: ChecklistItem, index: number): HTMLLIElement {
    if (item.itemId === editing) {
      const input = h('input', {
        id: uniqueId('edit-item'),
        name: 'edit-item',
        maxlength: CHECKLIST_TEXT_MAX,
        value: item.text,
      });
      return h(
        'li',
        { class: 'checklist-item' },
        h(
          'form',
          { class: 'inline-form' },
          h('label', { for: input.id, class: 'visually-hidden' }, `Edit “${item.text}”`),
          input,
          h('button', { type: 'submit' }, 'Save item'),
          h('button', { type: 'button', 'data-action': 'cancel' }, 'Cancel'),
        ),
      );
    }
    const id = uniqueId('item');
    const check = h('input', {
      type: 'checkbox',
      id,
      'data-action': 'tick',
      'data-item': item.itemId,
      'data-focus-key': `tick:${item.itemId}`,
    });
    check.checked = item.done;
    return h(
      'li',
      { class: item.done ? 'checklist-item is-done' : 'checklist-item' },
      check,
      h('label', { for: id }, item.text),
      h(
        'span',
        { class: 'item-actions' },
        button('edit', item, ['Edit', srOnly(` “${item.text}”`)]),
        button('delete', item, ['Delete', srOnly(` “${item.text}”`)]),
        button('up', item, [icon('↑'), srOnly(`Move “${item.text}” up`)], index === 0),
        button('down', item, [icon('↓'), srOnly(`Move “${item.text}” down`)], index === items.length - 1),
      ),
    );
  }

  function render() {
    progress.textContent = items.length ? progressText(items) : 'No items yet.';
    renderKeepingFocus(list, items.map(row), () => newItem.control);
  }

  function sync(todo: Todo) {
    items = todo.checklist;
    if (editing && !items.some((i) => i.itemId === editing)) editing = null;
    render();
  }

  return { element, sync, dirty: () => false, clearDraft: () => {} };
}

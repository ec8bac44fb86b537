import type { ScreenContext } from '../context';
import { ApiError } from '../errors';
import type { Repeat, RepeatUnit, Todo } from '../types';
import { h, uniqueId } from '../ui/dom';
import { formMessage } from '../ui/form';
import { repeatText } from '../ui/format';
import { describeError } from '../ui/messages';
import { selectField } from '../ui/select';
import type { DetailSection } from './edit-section';

type Choice = 'never' | RepeatUnit;
const CHOICES: readonly { value: Choice; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: 'day', label: 'Days' },
  { value: 'week', label: 'Weeks' },
  { value: 'month', label: 'Months' },
  { value: 'year', label: 'Years' },
];
export const REPEAT_EVERY_MAX = 365;
const NEEDS_DATE = 'A repeating todo needs a due date: set one under Details first.';

/** What a 400 says about `repeat`: a bare `repeat` is the due-date rule (docs/api.md), else its own message. */
function repeatIssue(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const issue = error.details.find((d) => d.path.split('.')[0] === 'repeat');
  if (!issue) return null;
  return issue.path === 'repeat' ? NEEDS_DATE : issue.message;
}

/**
 * The repeat picker: every N days, weeks, months or years (a repeating todo needs a due date).
 * Saved with "Save repeat"; completing the todo then creates the next occurrence.
 */
export function repeatSection(ctx: ScreenContext, todoId: string): DetailSection {
  const heading = h('h2', { id: uniqueId('repeat-heading') }, 'Schedule');
  const unit = selectField<Choice>('Repeat', 'repeat-unit', CHOICES);
  const every = h('input', {
    id: uniqueId('repeat-every'),
    name: 'repeat-every',
    type: 'number',
    min: 1,
    max: REPEAT_EVERY_MAX,
    inputmode: 'numeric',
  });
  const everyField = h('div', { class: 'field' }, h('label', { for: every.id }, 'Every'), every);
  const summary = h('p', { class: 'muted' });
  const save = h('button', { type: 'submit' }, 'Save repeat');
  const message = formMessage();
  message.element.id = uniqueId('repeat-message');
  const form = h('form', { class: 'inline-form', novalidate: true }, unit.wrapper, everyField, save);
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': heading.id },
    heading,
    summary,
    form,
    message.element,
  );
  let todo: Todo | null = null;

  /** Shows why the repeat cannot be saved, marking the control it is about (or with null, clears it). */
  const refuse = (text: string | null, target: HTMLElement = unit.control) => {
    message.set(text);
    for (const control of [unit.control, every]) {
      const marked = text !== null && control === target;
      if (marked) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      if (marked) control.setAttribute('aria-describedby', message.element.id);
      else control.removeAttribute('aria-describedby');
    }
  };
  // A new choice: what was said about the old one no longer holds.
  form.addEventListener('change', () => refuse(null));

  const chosen = (): Repeat | null | 'invalid' => {
    if (unit.value() === 'never') return null;
    const n = Number(every.value || '1');
    if (!Number.isInteger(n) || n < 1 || n > REPEAT_EVERY_MAX) return 'invalid';
    return { every: n, unit: unit.value() as RepeatUnit };
  };
  const same = (a: Repeat | null, b: Repeat | null) => a?.every === b?.every && a?.unit === b?.unit;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    refuse(null);
    const repeat = chosen();
    if (!todo) return;
    if (repeat === 'invalid')
      return refuse(`“Every” must be a whole number from 1 to ${REPEAT_EVERY_MAX}.`, every);
    if (repeat && !todo.dueDate) return refuse(NEEDS_DATE);
    if (same(repeat, todo.repeat)) return ctx.announce('Nothing to save: no changes.');
    try {
      await ctx.todo.save(todoId, { repeat });
      ctx.announce(repeat ? `${repeatText(repeat)}.` : 'Does not repeat any more.');
    } catch (error) {
      const issue = repeatIssue(error);
      if (issue) refuse(issue);
      else message.set(describeError(error));
    }
  });

  function sync(next: Todo) {
    const untouched = !todo || same(chosen() === 'invalid' ? null : (chosen() as Repeat | null), todo.repeat);
    todo = next;
    // The due date it asked for has been set (under Details): the repeat can be saved now.
    if (next.dueDate && message.element.textContent === NEEDS_DATE) refuse(null);
    summary.textContent = next.repeat ? `${repeatText(next.repeat)}.` : 'Does not repeat.';
    if (untouched) {
      unit.control.value = next.repeat?.unit ?? 'never';
      every.value = String(next.repeat?.every ?? 1);
    }
  }

  const dirty = () =>
    todo !== null && chosen() !== 'invalid' && !same(chosen() as Repeat | null, todo.repeat);
  return { element, sync, dirty, clearDraft: () => {} };
}

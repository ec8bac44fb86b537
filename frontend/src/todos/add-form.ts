import { DESCRIPTION_MAX, TITLE_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { NewTodo } from '../types';
import { h, uniqueId } from '../ui/dom';
import { type Field, field, formMessage, showFieldErrors, whileBusy } from '../ui/form';
import { localDate } from '../ui/format';
import { describeFormError, fieldErrors } from '../ui/messages';
import { isSingleLine } from './field-rules';
import { describeQuickAdd, parseQuickAdd, reminderMoment } from './quick-add-parse';
import { withOffset } from './reminder';

const DRAFT_KEY = 'new-todo';

/** The add form: title (required), description, due date. What is typed is kept as a draft. */
export function addForm(ctx: ScreenContext) {
  const title = field({
    label: 'Title',
    name: 'title',
    required: true,
    maxlength: TITLE_MAX,
    valid: isSingleLine,
  });
  // Quick add: what the title's words set besides the title, said (politely) as it is typed.
  const preview = h('p', { class: 'quick-add-preview hint', 'aria-live': 'polite' });
  const description = field<HTMLTextAreaElement>({
    label: 'Description',
    name: 'description',
    multiline: true,
    rows: 2,
    maxlength: DESCRIPTION_MAX,
  });
  const dueDate = field({ label: 'Due date', name: 'dueDate', type: 'date' });
  const fields: Record<string, Field> = { title, description, dueDate };
  const message = formMessage();
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Add todo');
  const headingId = uniqueId('add-heading');
  const form = h(
    'form',
    { class: 'add-form', novalidate: true, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Add a todo'),
    h(
      'p',
      { class: 'hint' },
      'Tip: “tomorrow”, “fri” or “dec 24”, “#label”, “!high” and “@9am” (a reminder) in the title set those too.',
    ),
    h('div', { class: 'add-grid' }, h('div', {}, title.wrapper, preview), dueDate.wrapper),
    description.wrapper,
    message.element,
    h('div', { class: 'form-actions' }, submit),
  );

  const draft = ctx.drafts.get(DRAFT_KEY);
  if (draft) for (const [name, f] of Object.entries(fields)) f.control.value = draft[name] ?? '';
  const saveDraft = () =>
    ctx.drafts.set(DRAFT_KEY, {
      title: title.control.value,
      description: description.control.value,
      dueDate: dueDate.control.value,
    });
  form.addEventListener('input', saveDraft);
  /** What quick add reads in the title at `now`, as the preview says it. */
  const understood = (now: Date) =>
    describeQuickAdd(parseQuickAdd(title.control.value, localDate(now)), now, dueDate.control.value || null);
  const showUnderstood = () => {
    preview.textContent = understood(new Date());
  };
  title.control.addEventListener('input', showUnderstood);
  // The date picked decides whether the reminder's time has passed.
  dueDate.control.addEventListener('input', showUnderstood);
  dueDate.control.addEventListener('change', showUnderstood);
  form.addEventListener('reset', () => setTimeout(showUnderstood));
  showUnderstood();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.set(null);
    for (const f of Object.values(fields)) f.setError(null);
    const now = new Date();
    // What is added is what the preview said: if time moved on since (a reminder's time passed,
    // midnight), the user sees what it means now before anything is added.
    const said = understood(now);
    if (said !== preview.textContent) {
      preview.textContent = said;
      message.set('The time has moved on since this was typed: check what will be added, then add it again.');
      return;
    }
    const quick = parseQuickAdd(title.control.value, localDate(now));
    // What quick add understood leaves the title; a title made only of such words stays as typed.
    const input: NewTodo = { title: quick.title || title.control.value.trim() };
    if (!input.title) {
      title.setError('Give the todo a title.');
      title.control.focus();
      return;
    }
    if (quick.title && quick.labels.length) input.labels = quick.labels;
    if (quick.title && quick.priority) input.priority = quick.priority;
    if (description.control.value.trim()) input.description = description.control.value;
    // A date picked in the field wins over one typed in the title.
    const due = dueDate.control.value || (quick.title ? quick.dueDate : null);
    if (due) input.dueDate = due;
    // A time passed on the date given sets no reminder (the preview said so): the API takes none.
    const remindAt =
      quick.title && quick.remindTime ? reminderMoment(quick.remindTime, due || null, now) : null;
    if (remindAt) input.remindAt = withOffset(remindAt);
    try {
      await whileBusy(submit, 'Adding…', () => ctx.list.add(input));
      form.reset();
      ctx.drafts.clear(DRAFT_KEY);
      title.control.focus();
    } catch (error) {
      const errors = fieldErrors(error);
      // The reminder was typed in the title ("@9am"): what is wrong with it shows there.
      if (errors.remindAt) errors.title ??= `Reminder: ${errors.remindAt} Change or remove the @time.`;
      const first = showFieldErrors(fields, errors);
      message.set(describeFormError(error, first !== null));
      (first ?? submit).focus();
    }
  });
  return form;
}

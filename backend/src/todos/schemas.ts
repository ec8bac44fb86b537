import * as z from 'zod/mini';
import { calendarDate, multiLineText, queryInt, singleLineText, wellFormed } from '../lib/validation';
import { checklist, labels, position, priority, remindAt, repeat } from './field-schemas';
import { DESCRIPTION_MAX, LABEL_MAX, NOTES_MAX, SEARCH_MAX, TITLE_MAX } from './limits';

// Re-exported for the backend's existing importers; the values live in limits.ts.
export { DESCRIPTION_MAX, NOTES_MAX, SEARCH_MAX, TITLE_MAX };

const title = singleLineText(TITLE_MAX);
const description = multiLineText(DESCRIPTION_MAX);
const notes = multiLineText(NOTES_MAX);

const needsDueDate = z.refine<{ repeat?: unknown; dueDate?: unknown }>(
  (body) => !(body.repeat && body.dueDate === null),
  { message: 'A repeating todo needs a dueDate.', path: ['repeat'] },
);

export const CreateTodoBody = z
  .strictObject({
    title,
    description: z.optional(description),
    notes: z.optional(notes),
    dueDate: z.optional(z.nullable(calendarDate)),
    priority: z.optional(priority),
    labels: z.optional(labels),
    checklist: z.optional(checklist),
    repeat: z.optional(z.nullable(repeat)),
    position: z.optional(position),
    remindAt: z.optional(z.nullable(remindAt)),
  })
  .check(
    z.refine((body) => !body.repeat || !!body.dueDate, {
      message: 'A repeating todo needs a dueDate.',
      path: ['repeat'],
    }),
  );
export type CreateTodoBody = z.infer<typeof CreateTodoBody>;

export const UpdateTodoBody = z
  .strictObject({
    title: z.optional(title),
    description: z.optional(description),
    dueDate: z.optional(z.nullable(calendarDate)),
    completed: z.optional(z.boolean()),
    notes: z.optional(notes),
    priority: z.optional(priority),
    labels: z.optional(labels),
    checklist: z.optional(checklist),
    repeat: z.optional(z.nullable(repeat)),
    position: z.optional(position),
    remindAt: z.optional(z.nullable(remindAt)),
  })
  .check(
    z.refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.'),
    needsDueDate,
  );
export type UpdateTodoBody = z.infer<typeof UpdateTodoBody>;

export const SetNotesBody = z.strictObject({ notes });
export type SetNotesBody = z.infer<typeof SetNotesBody>;

/** `today` is the caller's local date: "overdue", "today" and repeats are relative to it. */
export const TodayQuery = z.strictObject({ today: z.optional(calendarDate) });
export type TodayQuery = z.infer<typeof TodayQuery>;

export const ListTodosQuery = z
  .strictObject({
    q: z.optional(z.string().check(wellFormed, z.trim(), z.maxLength(SEARCH_MAX))),
    status: z.optional(z.enum(['open', 'completed', 'all'])),
    label: z.optional(singleLineText(LABEL_MAX)),
    priority: z.optional(priority),
    due: z.optional(z.enum(['overdue', 'today', 'upcoming', 'none'])),
    today: z.optional(calendarDate),
    sort: z.optional(z.enum(['created', 'due', 'manual'])),
    limit: z.optional(queryInt(1, 100)),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  })
  .check(
    // Every due view names the caller's date, as the contract asks, "none" included.
    z.refine((query) => !query.due || !!query.today, {
      message: 'Send today=YYYY-MM-DD (your local date) with due.',
      path: ['today'],
    }),
  );
export type ListTodosQuery = z.infer<typeof ListTodosQuery>;

/** Bulk delete names what it deletes: only `status=completed` exists, so nothing is wiped by accident. */
export const ClearTodosQuery = z.strictObject({
  status: z.literal('completed', 'Only status=completed can be deleted in bulk.'),
});

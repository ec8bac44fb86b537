import * as z from 'zod/mini';
import {
  calendarDate,
  futureDateTime,
  multiLineText,
  queryInt,
  singleLineText,
  wellFormed,
} from '../lib/validation';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2_000;
export const NOTES_MAX = 10_000;
export const SEARCH_MAX = 200;

const title = singleLineText(TITLE_MAX);
const description = multiLineText(DESCRIPTION_MAX);
const notes = multiLineText(NOTES_MAX);

export const CreateTodoBody = z.strictObject({
  title,
  description: z.optional(description),
  dueDate: z.optional(z.nullable(calendarDate)),
  remindAt: z.optional(z.nullable(futureDateTime)),
});
export type CreateTodoBody = z.infer<typeof CreateTodoBody>;

export const UpdateTodoBody = z
  .strictObject({
    title: z.optional(title),
    description: z.optional(description),
    dueDate: z.optional(z.nullable(calendarDate)),
    completed: z.optional(z.boolean()),
    notes: z.optional(notes),
    remindAt: z.optional(z.nullable(futureDateTime)),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.'));
export type UpdateTodoBody = z.infer<typeof UpdateTodoBody>;

export const SetNotesBody = z.strictObject({ notes });
export type SetNotesBody = z.infer<typeof SetNotesBody>;

export const ListTodosQuery = z.strictObject({
  q: z.optional(z.string().check(wellFormed, z.trim(), z.maxLength(SEARCH_MAX))),
  status: z.optional(z.enum(['open', 'completed', 'all'])),
  limit: z.optional(queryInt(1, 100)),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export type ListTodosQuery = z.infer<typeof ListTodosQuery>;

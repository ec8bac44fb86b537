import * as z from 'zod/mini';
import { calendarDate, multiLineText, queryInt, singleLineText, wellFormed } from '../lib/validation';
import { DESCRIPTION_MAX, NOTES_MAX, SEARCH_MAX, TITLE_MAX } from './limits';

// Re-exported for the backend's existing importers; the values live in limits.ts.
export { DESCRIPTION_MAX, NOTES_MAX, SEARCH_MAX, TITLE_MAX };

const title = singleLineText(TITLE_MAX);
const description = multiLineText(DESCRIPTION_MAX);
const notes = multiLineText(NOTES_MAX);

export const CreateTodoBody = z.strictObject({
  title,
  description: z.optional(description),
  dueDate: z.optional(z.nullable(calendarDate)),
});
export type CreateTodoBody = z.infer<typeof CreateTodoBody>;

export const UpdateTodoBody = z
  .strictObject({
    title: z.optional(title),
    description: z.optional(description),
    dueDate: z.optional(z.nullable(calendarDate)),
    completed: z.optional(z.boolean()),
    notes: z.optional(notes),
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

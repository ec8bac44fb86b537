import * as z from 'zod/mini';
import { isId } from '../lib/ids';
import { futureDateTime, singleLineText } from '../lib/validation';
import { CHECKLIST_MAX, CHECKLIST_TEXT_MAX, LABEL_MAX, LABELS_MAX, POSITION_MAX } from './limits';

// The Wave 2 todo fields (docs/api.md, "Todo"), each refused with a 400 naming it.

export const priority = z.enum(['none', 'low', 'medium', 'high']);

export const labels = z.array(singleLineText(LABEL_MAX)).check(
  z.maxLength(LABELS_MAX),
  z.refine(
    (list) => new Set(list.map((label) => label.toLowerCase())).size === list.length,
    'Labels must be unique, ignoring case.',
  ),
);

const checklistItem = z.strictObject({
  itemId: z.optional(z.string().check(z.refine(isId, 'Must be an itemId the server assigned.'))),
  text: singleLineText(CHECKLIST_TEXT_MAX),
  done: z.optional(z.boolean()),
});

export const checklist = z.array(checklistItem).check(
  z.maxLength(CHECKLIST_MAX),
  z.refine((items) => {
    const ids = items.flatMap((item) => (item.itemId ? [item.itemId] : []));
    return new Set(ids).size === ids.length;
  }, 'Checklist itemIds must be unique.'),
);

export const repeat = z.strictObject({
  every: z.int().check(z.gte(1), z.lte(365)),
  unit: z.enum(['day', 'week', 'month', 'year']),
});

// Printable ASCII without space: a space then sorts below every position (see todo-item.ts).
export const position = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,64}$/, `Must be 1–${POSITION_MAX} printable ASCII characters, no spaces.`));

/** ISO 8601 date-time with an offset (a bare local time is ambiguous), in the future. */
export const remindAt = futureDateTime;

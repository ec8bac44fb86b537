import type { ChecklistItem, Priority, Repeat, Todo, TodoFieldChanges } from './model';
import { foldForSearch } from './search-text';

/**
 * The stored layout of a todo: the API's Todo plus
 *  - `titleLower`, `descriptionLower`, `notesLower`: search-folded copies (search-text.ts), each
 *    written in the same expression as its field, so they can never drift from it;
 *  - `labelKeys`: lower-cased labels, for the exact, case-insensitive `label=` filter;
 *  - `dueSort` = `<dueDate or "~">#<todoId>`: sort key of the byDue index (undated last, unique);
 *  - `positionKey` = `<position> <todoId>`: sort key of the byPosition index (the space sorts
 *    below every allowed position character, so the order is position's, ties by id);
 *  - `seriesDay`: the day of month a monthly/yearly series keeps, on generated occurrences.
 * Other services may add attributes (e.g. a file counter): writes here update named fields only.
 */
export interface TodoItem {
  userId: string;
  todoId: string;
  title: string;
  description: string;
  notes: string;
  dueDate?: string;
  completed: boolean;
  completedAt?: string;
  createdAt: string;
  updatedAt: string;
  priority?: Priority;
  labels?: string[];
  labelKeys?: string[];
  checklist?: ChecklistItem[];
  repeat?: Repeat;
  position?: string;
  remindAt?: string;
  nextTodoId?: string;
  seriesDay?: number;
  titleLower: string;
  descriptionLower: string;
  notesLower?: string;
  dueSort: string;
  positionKey: string;
}

export const UNDATED = '~';
export const dueSortOf = (dueDate: string | null | undefined, todoId: string) =>
  `${dueDate ?? UNDATED}#${todoId}`;
export const positionKeyOf = (position: string, todoId: string) => `${position} ${todoId}`;

export function toTodo(item: Record<string, unknown>): Todo {
  const i = item as unknown as TodoItem;
  return {
    todoId: i.todoId,
    title: i.title,
    description: i.description ?? '',
    notes: i.notes ?? '',
    dueDate: i.dueDate ?? null,
    completed: i.completed === true,
    completedAt: i.completedAt ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    priority: i.priority ?? 'none',
    labels: i.labels ?? [],
    checklist: i.checklist ?? [],
    repeat: i.repeat ?? null,
    // Todos stored before manual order existed sort by id, which is creation order.
    position: i.position ?? i.todoId,
    remindAt: i.remindAt ?? null,
    nextTodoId: i.nextTodoId ?? null,
  };
}

export function toItem(userId: string, todo: Todo, seriesDay?: number): TodoItem {
  return {
    userId,
    todoId: todo.todoId,
    title: todo.title,
    description: todo.description,
    notes: todo.notes,
    completed: todo.completed,
    createdAt: todo.createdAt,
    updatedAt: todo.updatedAt,
    priority: todo.priority,
    labels: todo.labels,
    labelKeys: todo.labels.map((label) => label.toLowerCase()),
    checklist: todo.checklist,
    position: todo.position,
    titleLower: foldForSearch(todo.title),
    descriptionLower: foldForSearch(todo.description),
    notesLower: foldForSearch(todo.notes),
    dueSort: dueSortOf(todo.dueDate, todo.todoId),
    positionKey: positionKeyOf(todo.position, todo.todoId),
    ...(todo.dueDate ? { dueDate: todo.dueDate } : {}),
    ...(todo.completedAt ? { completedAt: todo.completedAt } : {}),
    ...(todo.repeat ? { repeat: todo.repeat } : {}),
    ...(todo.remindAt ? { remindAt: todo.remindAt } : {}),
    ...(todo.nextTodoId ? { nextTodoId: todo.nextTodoId } : {}),
    ...(seriesDay ? { seriesDay } : {}),
  };
}

export interface Expression {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** Attributes a write sets or removes besides field edits (completion's `completed`, `completedAt`...). */
export interface OtherAssignments {
  set?: Record<string, unknown>;
  remove?: string[];
}

/**
 * One UpdateExpression for field edits: each field with its derived attributes, nothing else but
 * `others` (names that are no field, so they cannot collide with one).
 */
export function changesExpression(
  todoId: string,
  changes: TodoFieldChanges,
  now: string,
  others: OtherAssignments = {},
): Expression {
  const set: string[] = ['updatedAt = :now'];
  const remove: string[] = [];
  const values: Record<string, unknown> = { ':now': now };
  const names: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    set.push(`#${name} = :${name}`);
  };
  const drop = (name: string) => {
    names[`#${name}`] = name;
    remove.push(`#${name}`);
  };
  if (changes.title !== undefined) {
    put('title', changes.title);
    put('titleLower', foldForSearch(changes.title));
  }
  if (changes.description !== undefined) {
    put('description', changes.description);
    put('descriptionLower', foldForSearch(changes.description));
  }
  if (changes.notes !== undefined) {
    put('notes', changes.notes);
    put('notesLower', foldForSearch(changes.notes));
  }
  if (changes.dueDate !== undefined) {
    if (changes.dueDate === null) drop('dueDate');
    else put('dueDate', changes.dueDate);
    put('dueSort', dueSortOf(changes.dueDate, todoId));
  }
  // A new date or a new rule starts the series afresh from the due date's own day.
  if (changes.dueDate !== undefined || changes.repeat !== undefined) drop('seriesDay');
  if (changes.priority !== undefined) put('priority', changes.priority);
  if (changes.labels !== undefined) {
    put('labels', changes.labels);
    put(
      'labelKeys',
      changes.labels.map((label) => label.toLowerCase()),
    );
  }
  if (changes.checklist !== undefined) put('checklist', changes.checklist);
  if (changes.repeat !== undefined) {
    if (changes.repeat === null) drop('repeat');
    else put('repeat', changes.repeat);
  }
  if (changes.position !== undefined) {
    put('position', changes.position);
    put('positionKey', positionKeyOf(changes.position, todoId));
  }
  if (changes.remindAt !== undefined) {
    if (changes.remindAt === null) drop('remindAt');
    else put('remindAt', changes.remindAt);
  }
  for (const [name, value] of Object.entries(others.set ?? {})) put(name, value);
  for (const name of others.remove ?? []) drop(name);
  const expression = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
  return { expression, names, values };
}

/**
 * The todo as `changesExpression` leaves it, computed from the item as read: given fields replace
 * the stored ones, `null` removes one, and a new date or rule drops `seriesDay`. The derived
 * attributes are not recomputed: read the result through `toTodo`, `toItem` or `digestEntry`.
 */
export function withChanges(item: TodoItem, changes: TodoFieldChanges, now: string): TodoItem {
  const after: Record<string, unknown> = { ...item, updatedAt: now };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete after[name];
    else if (value !== undefined) after[name] = value;
  }
  if (changes.dueDate !== undefined || changes.repeat !== undefined) delete after.seriesDay;
  return after as unknown as TodoItem;
}

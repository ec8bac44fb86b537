import type { CursorPosition } from './cursor';
import type { ListOptions } from './todo-store';

/**
 * A listing applied to todo items held in memory, with the very rules and order of the query
 * path (dynamodb-todo-list.ts), so a page answered either way is the same page and its cursor
 * works on the other path too. Used for a search whose few candidates the digest named.
 */
type Item = Record<string, unknown>;

const text = (item: Item, name: string) => (typeof item[name] === 'string' ? (item[name] as string) : '');

function matchesDue(item: Item, options: ListOptions): boolean {
  const { due, today = '' } = options;
  const dueDate = typeof item.dueDate === 'string' ? item.dueDate : undefined;
  if (!due) return true;
  if (due === 'none') return dueDate === undefined;
  if (dueDate === undefined) return false;
  if (due === 'today') return dueDate === today;
  if (due === 'upcoming') return dueDate > today;
  return dueDate < today && item.completed === false;
}

/** Whether the item belongs in the listing: status, label, priority, due view and every word. */
export function matchesListing(item: Item, options: ListOptions): boolean {
  if (options.status !== 'all' && item.completed !== (options.status === 'completed')) return false;
  if (options.label && !(Array.isArray(item.labelKeys) && item.labelKeys.includes(options.label)))
    return false;
  if (options.priority) {
    // Todos stored before priorities existed have none.
    const priority = item.priority ?? 'none';
    if (priority !== options.priority) return false;
  }
  if (!matchesDue(item, options)) return false;
  // Only todos that carry the sort's key are in the index that sort reads.
  if (options.sort === 'due' && typeof item.dueSort !== 'string') return false;
  if (options.sort === 'manual' && typeof item.positionKey !== 'string') return false;
  const fields = [text(item, 'titleLower'), text(item, 'descriptionLower'), text(item, 'notesLower')];
  return options.words.every((word) => fields.some((field) => field.includes(word)));
}

/**
 * The listing's order key: todoId (newest first), dueSort or positionKey (ascending). Each is
 * unique (the latter two end with the todoId) and ASCII, so string order is DynamoDB's byte order.
 */
function orderKey(item: Item | CursorPosition, options: ListOptions): string {
  const record = item as Record<string, unknown>;
  if (options.sort === 'due') return String(record.dueSort);
  if (options.sort === 'manual') return String(record.positionKey);
  return String(record.todoId);
}

/** Negative when `a` comes first in the listing. */
function compare(a: Item | CursorPosition, b: Item | CursorPosition, options: ListOptions): number {
  const [x, y] = [orderKey(a, options), orderKey(b, options)];
  const ascending = x < y ? -1 : x > y ? 1 : 0;
  return options.sort === 'created' ? -ascending : ascending;
}

/** Where a page that ends with `item` stopped, in the form the query path's cursors take. */
export function positionOf(item: Record<string, unknown>, options: ListOptions): CursorPosition {
  const position: CursorPosition = { todoId: String(item.todoId) };
  if (options.sort === 'due') position.dueSort = String(item.dueSort);
  if (options.sort === 'manual') position.positionKey = String(item.positionKey);
  return position;
}

/**
 * The page of `items` the listing asks for: matching items in the listing's order, strictly after
 * `options.after`, at most `options.limit`, and where to go on from (null when none follow).
 */
export function pageInMemory(
  items: Item[],
  options: ListOptions,
): { items: Item[]; next: CursorPosition | null } {
  const after = options.after;
  const listed = items
    .filter((item) => matchesListing(item, options))
    .filter((item) => !after || compare(after, item, options) < 0)
    .sort((a, b) => compare(a, b, options));
  const page = listed.slice(0, options.limit);
  const more = listed.length > page.length;
  return { items: page, next: more ? positionOf(page.at(-1)!, options) : null };
}

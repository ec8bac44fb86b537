import type { ListQuery } from '../api';
import type { Todo } from '../types';

export function makeTodo(n: number, overrides: Partial<Todo> = {}): Todo {
  const time = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return {
    todoId: `T${String(n).padStart(6, '0')}`,
    title: `Todo ${n}`,
    description: '',
    notes: '',
    dueDate: null,
    completed: false,
    completedAt: null,
    createdAt: time,
    updatedAt: time,
    priority: 'none',
    labels: [],
    checklist: [],
    repeat: null,
    position: `p${String(n).padStart(6, '0')}`,
    remindAt: null,
    nextTodoId: null,
    ...overrides,
  };
}

/** The API's filters (docs/api.md, "Listing"): status, search, label, priority, due views. */
export function fakeMatches(t: Todo, query: ListQuery): boolean {
  const q = query.q?.trim().toLowerCase() ?? '';
  if (query.status !== 'all' && t.completed !== (query.status === 'completed')) return false;
  if (q && !t.title.toLowerCase().includes(q) && !t.description.toLowerCase().includes(q)) return false;
  const label = query.label?.toLowerCase();
  if (label && !t.labels.some((l) => l.toLowerCase() === label)) return false;
  const today = query.today ?? '';
  switch (query.due) {
    case 'overdue':
      return !t.completed && !!t.dueDate && t.dueDate < today;
    case 'today':
      return t.dueDate === today;
    case 'upcoming':
      return !!t.dueDate && t.dueDate > today;
    case 'none':
      return !t.dueDate;
    default:
      return true;
  }
}

/** The API's sorts: created (newest first), due (soonest first, undated last), manual (position). */
export function fakeCompare(a: Todo, b: Todo, sort: NonNullable<ListQuery['sort']>): number {
  if (sort === 'due' && a.dueDate !== b.dueDate) {
    if (!a.dueDate || !b.dueDate) return a.dueDate ? -1 : 1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  if (sort === 'manual' && a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.todoId < b.todoId ? 1 : -1;
}

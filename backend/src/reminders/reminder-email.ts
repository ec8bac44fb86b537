import type { Todo } from '../todos/model';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The web app's address of one todo (its router's `/todos/{todoId}`). */
export const todoLink = (appUrl: string, todoId: string) =>
  `${appUrl.replace(/\/+$/, '')}/todos/${encodeURIComponent(todoId)}`;

/** The reminder email: "Reminder: <title>", the due date, and a link to the todo in the app. */
export function reminderEmail(to: string, todo: Todo, appUrl: string): Email {
  const link = todoLink(appUrl, todo.todoId);
  const due = todo.dueDate ? `Due: ${todo.dueDate}` : 'No due date';
  return {
    to,
    subject: `Reminder: ${todo.title}`,
    text: `${todo.title}\n${due}\n\nOpen it: ${link}\n`,
    html:
      `<p><strong>${escapeHtml(todo.title)}</strong></p><p>${escapeHtml(due)}</p>` +
      `<p><a href="${escapeHtml(link)}">Open the todo</a></p>`,
  };
}

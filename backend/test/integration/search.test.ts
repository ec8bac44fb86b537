import { describe, expect, it } from 'vitest';
import type { Todo } from '../../src/todos/model';
import { asUser, createTodoFor } from '../support/api';

/**
 * Search ignores accents and case and matches every word, in any order, across title,
 * description and notes; the folded copies it searches follow every edit of those fields.
 */
const titles = (result: { body: { items: Todo[] } }) => result.body.items.map((t) => t.title).sort();

describe('search', () => {
  it('"cafe" finds "Café" and "CAFÉ", and "café" finds "cafe"', async () => {
    // Arrange
    const user = asUser();
    await createTodoFor(user, { title: 'Café with Ana' });
    await createTodoFor(user, { title: 'CAFÉ SUPPLIES' });
    await createTodoFor(user, { title: 'cafe bills' });
    await createTodoFor(user, { title: 'Tea' });
    // Act
    const plain = await user.listTodos({ q: 'cafe' });
    const accented = await user.listTodos({ q: 'CAFÉ' });
    // Assert
    expect(titles(plain)).toEqual(['CAFÉ SUPPLIES', 'Café with Ana', 'cafe bills']);
    expect(titles(accented)).toEqual(titles(plain));
  });

  it('"oat corner" finds a todo with "oat" in the title and "corner" in the description', async () => {
    // Arrange
    const user = asUser();
    await createTodoFor(user, { title: 'Buy oat milk', description: 'the shop on the corner' });
    await createTodoFor(user, { title: 'Buy oat milk', description: 'online' });
    await createTodoFor(user, { title: 'corner table' });
    // Act
    const result = await user.listTodos({ q: 'oat corner' });
    const reversed = await user.listTodos({ q: '  CORNER   oat ' });
    // Assert
    expect(result.body.items).toHaveLength(1);
    expect(result.body.items[0].description).toBe('the shop on the corner');
    expect(reversed.body.items.map((t: Todo) => t.todoId)).toEqual(
      result.body.items.map((t: Todo) => t.todoId),
    );
  });

  it('searches the notes too, and follows edits of title, description and notes', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, { title: 'Plan', description: 'Zürich trip' });
    await user.setTodoNotes(todo.todoId, { notes: 'Book the Hôtel' });
    // Act
    const byNotes = await user.listTodos({ q: 'hotel zurich' });
    await user.updateTodo(todo.todoId, { title: 'Renamed', description: 'Genève', notes: 'nothing' });
    const stale = await user.listTodos({ q: 'zurich' });
    const fresh = await user.listTodos({ q: 'geneve renamed' });
    // Assert
    expect(byNotes.body.items).toHaveLength(1);
    expect(stale.body.items).toEqual([]);
    expect(fresh.body.items).toHaveLength(1);
  });

  it("never finds another user's todo", async () => {
    // Arrange
    const me = asUser();
    const other = asUser();
    await createTodoFor(other, { title: 'Café secret' });
    // Act
    const result = await me.listTodos({ q: 'cafe' });
    // Assert
    expect(result.body.items).toEqual([]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { Store } from './store';

describe('Store', () => {
  it('replaces the state and reports the previous and new state', () => {
    const store = new Store({ count: 1 });
    const listener = vi.fn();
    store.addEventListener('change', listener);
    store.update((s) => ({ count: s.count + 1 }));
    expect(store.state.count).toBe(2);
    const event = listener.mock.calls[0]?.[0] as CustomEvent;
    const detail = event.detail;
    expect(detail.previous).toEqual({ count: 1 });
    expect(detail.state).toEqual({ count: 2 });
  });

  it('stays quiet when an update returns the same state', () => {
    const store = new Store({ count: 1 });
    const listener = vi.fn();
    store.addEventListener('change', listener);
    store.update((s) => s);
    expect(listener).not.toHaveBeenCalled();
  });

  it('freezes state so code cannot mutate it in place', () => {
    const store = new Store({ list: { items: [1, 2] } });
    expect(() => {
      (store.state.list.items as number[]).push(3);
    }).toThrow(TypeError);
  });
});

describe('Store events', () => {
  it('tells each listener of an event its detail, in order, until it stops listening', () => {
    const store = new Store<{ n: number }, { 'todo:deleted': { todoId: string } }>({ n: 0 });
    const heard: string[] = [];
    const stop = store.on('todo:deleted', ({ todoId }) => heard.push(`a:${todoId}`));
    store.on('todo:deleted', ({ todoId }) => heard.push(`b:${todoId}`));
    store.emit('todo:deleted', { todoId: 'T1' });
    stop();
    store.emit('todo:deleted', { todoId: 'T2' });
    expect(heard).toEqual(['a:T1', 'b:T1', 'b:T2']);
  });
});

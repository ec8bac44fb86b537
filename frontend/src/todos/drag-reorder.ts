/**
 * Drag and drop for "My order", with Pointer Events (mouse, touch and pen alike): press a row's
 * drag handle, move, let go. The row dims in its place (nothing covers the drop line) and a line
 * shows where it will land; Esc (or the browser taking the pointer back) cancels. Dropping where it started does
 * nothing. The keyboard path is the move buttons and Alt+Arrow keys; both end in moveTodoTo.
 */

/** Rows and handles as todo-item.ts renders them. */
const ROW = ':scope > li[data-id]';
const HANDLE = '[data-drag-handle]';
/** How far (px) the pointer must travel before a press becomes a drag: a tap stays a tap. */
const THRESHOLD = 4;
/** Near the window's top or bottom edge (px), a drag scrolls the page so far rows can be reached. */
const EDGE = 48;
const SCROLL_STEP = 16;

export interface Span {
  top: number;
  bottom: number;
}

/**
 * Where the dragged row lands, as its index once moved: how many of the other rows (in order,
 * without the dragged one) have their middle above the pointer.
 */
export function dropIndex(others: readonly Span[], y: number): number {
  return others.filter((r) => (r.top + r.bottom) / 2 < y).length;
}

export interface DragReorderOptions {
  /** The `<ul>` of todo rows. */
  list: HTMLElement;
  /** Whether rows can be dragged now ("My order"). */
  enabled: () => boolean;
  /** A row was dropped somewhere else: `targetIndex` is its index among the rows once moved. */
  onDrop: (todoId: string, targetIndex: number) => void;
}

interface Drag {
  todoId: string;
  pointerId: number;
  /** Where the press began, in page coordinates (the page may scroll during the drag). */
  startY: number;
  moved: boolean;
  from: number;
  target: number;
}

export function dragReorder({ list, enabled, onDrop }: DragReorderOptions): { destroy(): void } {
  const win = list.ownerDocument.defaultView as Window;
  let drag: Drag | null = null;

  const rows = () => [...list.querySelectorAll<HTMLElement>(ROW)];

  function clearMarks() {
    list.classList.remove('is-reordering');
    for (const row of rows()) {
      row.classList.remove('is-dragging', 'drop-above', 'drop-below');
    }
  }

  /** Marks the dragged row and draws the line where it would land. */
  function follow(d: Drag, clientY: number) {
    const all = rows();
    const row = all.find((r) => r.dataset.id === d.todoId);
    // The todo left the list mid-drag (deleted in another tab): nothing to drop.
    if (!row) return end(false);
    const others = all.filter((r) => r !== row);
    d.from = all.indexOf(row);
    d.target = dropIndex(
      others.map((r) => r.getBoundingClientRect()),
      clientY,
    );
    clearMarks();
    list.classList.add('is-reordering');
    row.classList.add('is-dragging');
    if (d.target === d.from) return;
    const next = others[d.target];
    if (next) next.classList.add('drop-above');
    else others.at(-1)?.classList.add('drop-below');
  }

  function onMove(event: PointerEvent) {
    const d = drag;
    if (!d || event.pointerId !== d.pointerId) return;
    event.preventDefault();
    if (!d.moved && Math.abs(event.clientY + win.scrollY - d.startY) < THRESHOLD) return;
    d.moved = true;
    if (event.clientY < EDGE) win.scrollBy(0, -SCROLL_STEP);
    else if (event.clientY > win.innerHeight - EDGE) win.scrollBy(0, SCROLL_STEP);
    follow(d, event.clientY);
  }

  function onUp(event: PointerEvent) {
    if (drag && event.pointerId === drag.pointerId) end(true);
  }

  function onCancel(event: PointerEvent) {
    if (drag && event.pointerId === drag.pointerId) end(false);
  }

  function onKey(event: KeyboardEvent) {
    if (!drag || event.key !== 'Escape') return;
    // Esc ends the drag only: it should not also close a dialog or clear a field.
    event.preventDefault();
    event.stopPropagation();
    end(false);
  }

  const onBlur = () => end(false);

  function end(drop: boolean) {
    const d = drag;
    if (!d) return;
    drag = null;
    win.removeEventListener('pointermove', onMove);
    win.removeEventListener('pointerup', onUp);
    win.removeEventListener('pointercancel', onCancel);
    win.removeEventListener('keydown', onKey, true);
    win.removeEventListener('blur', onBlur);
    clearMarks();
    if (drop && d.moved && d.target !== d.from) onDrop(d.todoId, d.target);
  }

  function onDown(event: PointerEvent) {
    const handle = (event.target as Element | null)?.closest?.<HTMLElement>(HANDLE);
    if (drag || !handle || !event.isPrimary || event.button !== 0 || !enabled()) return;
    const row = handle.closest<HTMLElement>('li[data-id]');
    const from = row ? rows().indexOf(row) : -1;
    if (!row || from < 0) return;
    // No text selection, no compatibility mouse events; touch scrolling is off via CSS.
    event.preventDefault();
    const todoId = row.dataset.id ?? '';
    drag = {
      todoId,
      pointerId: event.pointerId,
      startY: event.clientY + win.scrollY,
      moved: false,
      from,
      target: from,
    };
    win.addEventListener('pointermove', onMove);
    win.addEventListener('pointerup', onUp);
    win.addEventListener('pointercancel', onCancel);
    // Capture phase: Esc reaches the drag before any other key handler.
    win.addEventListener('keydown', onKey, true);
    win.addEventListener('blur', onBlur);
  }

  list.addEventListener('pointerdown', onDown);
  return {
    destroy() {
      end(false);
      list.removeEventListener('pointerdown', onDown);
    },
  };
}

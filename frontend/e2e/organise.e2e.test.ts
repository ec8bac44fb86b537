/**
 * Organising todos (issue 10), in headless Chromium against the local stack, as a person would:
 * smart views with counts, priority, labels, checklist, repeat, sort and "My order" (keyboard and
 * drag and drop), all kept in the URL; axe-core on the list and detail screens at desktop and 375 px, light and dark.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from './support/browser';
import { useSignedInPage } from './support/signed-in-page';

const e2e = useSignedInPage({ emailPrefix: 'organise' });

/** A date `days` from today in the browser's own calendar. */
const dayFrom = (days: number) =>
  e2e.page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    const pad = (x: number) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, days);

const titles = () => e2e.page.locator('.todo-list .todo-title').allTextContents();
const view = (name: RegExp) =>
  e2e.page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name });
const row = (title: string) =>
  e2e.page
    .locator('.todo-list > li')
    .filter({ has: e2e.page.getByRole('link', { name: title, exact: true }) });

async function checkScreen(name: string) {
  for (const [width, scheme] of [
    [1280, 'light'],
    [375, 'light'],
    [375, 'dark'],
  ] as const) {
    await e2e.page.setViewportSize({ width, height: 900 });
    await e2e.page.emulateMedia({ colorScheme: scheme });
    await screenshot(e2e.page, `${name}-${width}-${scheme}`, { hideToast: true });
    expect(await seriousViolations(e2e.page), `axe on ${name} at ${width} px, ${scheme}`).toEqual([]);
  }
  await e2e.page.setViewportSize({ width: 1280, height: 900 });
  await e2e.page.emulateMedia({ colorScheme: 'light' });
}

async function addTodo(title: string, dueDate: string | null) {
  await e2e.page.getByLabel('Title').fill(title);
  if (dueDate) await e2e.page.getByLabel('Due date').fill(dueDate);
  await e2e.page.getByRole('button', { name: 'Add todo' }).click();
  await e2e.page.getByRole('link', { name: title, exact: true }).waitFor();
}

describe('organising todos in the browser', () => {
  it('counts the smart views exactly and keeps the view in the URL across a reload', async () => {
    await addTodo('Pay bills', await dayFrom(-1));
    await addTodo('Buy milk', await dayFrom(0));
    await addTodo('Book flights', await dayFrom(5));
    await addTodo('Read a book', null);
    await expect.poll(() => view(/^Overdue/).textContent()).toBe('Overdue (1)');
    expect(await view(/^All/).textContent()).toBe('All (4)');
    expect(await view(/^Today/).textContent()).toBe('Today (1)');
    expect(await view(/^Upcoming/).textContent()).toBe('Upcoming (1)');

    await view(/^Overdue/).click();
    await e2e.page.getByRole('heading', { name: 'Overdue todos' }).waitFor();
    await expect.poll(titles).toEqual(['Pay bills']);
    await e2e.page.reload();
    await e2e.page.getByRole('heading', { name: 'Overdue todos' }).waitFor();
    await expect.poll(titles).toEqual(['Pay bills']);
    await view(/^All/).click();
    await expect.poll(titles).toHaveLength(4);
  });

  it('sets priority, a label, a checklist item and a repeat on the detail screen; the row shows them', async () => {
    await e2e.page.getByRole('link', { name: 'Buy milk', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Buy milk' }).waitFor();
    await e2e.page.getByLabel('Priority', { exact: true }).selectOption('high');
    await e2e.page.getByLabel('New label').fill('shopping');
    await e2e.page.getByRole('button', { name: 'Add label' }).click();
    await e2e.page.getByRole('button', { name: 'Remove label shopping' }).waitFor();
    await e2e.page.getByLabel('New checklist item').fill('Oat milk');
    await e2e.page.getByRole('button', { name: 'Add item' }).click();
    await e2e.page.getByLabel('Oat milk').waitFor();
    await e2e.page.getByLabel('Repeat', { exact: true }).selectOption('week');
    await e2e.page.getByRole('button', { name: 'Save repeat' }).click();
    await e2e.page.locator('.detail-header').getByText('Repeats every week').waitFor();
    await checkScreen('organise-detail');

    await e2e.page.getByRole('link', { name: '← All todos' }).click();
    const milk = row('Buy milk');
    await milk.getByText('High priority').waitFor();
    expect(await milk.getByText('Repeats every week').count()).toBe(1);
    expect(await milk.locator('.progress').textContent()).toBe('0/1 checklist items done');
    await checkScreen('organise-list');

    await milk.getByRole('link', { name: 'Label: shopping' }).click();
    await e2e.page.getByRole('heading', { name: 'All todos labelled “shopping”' }).waitFor();
    await expect.poll(titles).toEqual(['Buy milk']);
    expect(new URL(e2e.page.url()).searchParams.get('label')).toBe('shopping');
    await e2e.page.getByRole('button', { name: 'Show all labels' }).click();
    await expect.poll(titles).toHaveLength(4);
  });

  it('sorts by due date, and in My order moves a todo with the keyboard, kept after a reload', async () => {
    await e2e.page.getByLabel('Sort').selectOption('due');
    await expect.poll(titles).toEqual(['Pay bills', 'Buy milk', 'Book flights', 'Read a book']);
    await e2e.page.getByLabel('Sort').selectOption('manual');
    await e2e.page.getByRole('button', { name: 'Move “Pay bills” down' }).waitFor();
    // The rows in My order have arrived (the list is no longer busy).
    await e2e.page.locator('.todo-list[aria-busy="false"]').waitFor();
    const before = await titles();
    const last = before.at(-1) as string;
    await e2e.page.getByRole('link', { name: last, exact: true }).focus();
    const saved = e2e.page.waitForResponse((r) => r.request().method() === 'PATCH' && r.ok());
    await e2e.page.keyboard.press('Alt+ArrowUp');
    const expected = [...before.slice(0, -2), last, before.at(-2)];
    await expect.poll(titles).toEqual(expected);
    await e2e.page.getByText(`Moved “${last}” up: 3 of 4.`).waitFor();
    // networkidle was reached long ago (it does not wait again): wait for the save itself.
    await saved;
    await e2e.page.reload();
    await expect.poll(titles).toEqual(expected);
    expect(await e2e.page.getByLabel('Sort').inputValue()).toBe('manual');
  });

  it('completing a repeating todo shows the next occurrence', async () => {
    await e2e.page.getByLabel('Sort').selectOption('created');
    // One "Buy milk" now; completing it adds the next one (so click, which looks only once).
    await e2e.page.getByLabel('Done: Buy milk').click();
    await e2e.page.getByText(/^Completed “Buy milk”\. Next one: due /).waitFor();
    await expect.poll(async () => (await titles()).filter((t) => t === 'Buy milk').length).toBe(2);
  });

  it('quick add reads a due date, a label and a priority from the title', async () => {
    await e2e.page.getByLabel('Title').fill('Pick up parcel tomorrow #errands !low');
    await e2e.page.getByText(/^Will add “Pick up parcel”: due .*; label errands; Low priority\.$/).waitFor();
    await e2e.page.getByRole('button', { name: 'Add todo' }).click();
    const parcel = row('Pick up parcel');
    await parcel.getByText('Low priority').waitFor();
    expect(await parcel.getByRole('link', { name: 'Label: errands' }).count()).toBe(1);
  });

  it('deleting can be undone, and Clear completed says how many it deletes', async () => {
    await e2e.page.getByRole('link', { name: 'Pick up parcel', exact: true }).click();
    await e2e.page.getByRole('button', { name: 'Delete todo' }).click();
    await e2e.page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Your todos' }).waitFor();
    await e2e.page.getByRole('button', { name: 'Undo' }).click();
    await e2e.page.getByRole('link', { name: 'Pick up parcel', exact: true }).waitFor();

    await e2e.page.getByRole('button', { name: 'Clear completed' }).click();
    const dialog = e2e.page.getByRole('dialog', { name: 'Delete 1 completed todo?' });
    await dialog.getByRole('button', { name: 'Delete 1 completed todo' }).click();
    await e2e.page.getByText('Deleted 1 completed todo.').waitFor();
    await expect.poll(() => view(/^Completed/).textContent()).toBe('Completed (0)');
    await e2e.page.reload();
    await e2e.page.getByRole('link', { name: 'Pick up parcel', exact: true }).waitFor();
  });

  it('in My order drags the third row by its handle above the first, at 375 px, kept after a reload', async () => {
    // Three todos of their own label, so the list shows just them.
    for (const title of ['Drag one', 'Drag two', 'Drag three']) {
      await e2e.page.getByLabel('Title').fill(`${title} #dnd`);
      await e2e.page.getByRole('button', { name: 'Add todo' }).click();
      await e2e.page.getByRole('link', { name: title, exact: true }).waitFor();
    }
    await row('Drag one').getByRole('link', { name: 'Label: dnd' }).click();
    await e2e.page.getByLabel('Sort').selectOption('manual');
    await e2e.page.getByRole('button', { name: 'Drag to reorder “Drag one”' }).waitFor();
    await e2e.page.locator('.todo-list[aria-busy="false"]').waitFor();
    await expect.poll(titles).toHaveLength(3);
    await checkScreen('organise-my-order');

    await e2e.page.setViewportSize({ width: 375, height: 900 });
    const [first, second, third] = await titles();
    // The rows in the middle of the window, clear of the toasts and of the drag's edge scrolling.
    await e2e.page.locator('.todo-list').evaluate((list) => list.scrollIntoView({ block: 'center' }));
    const handle = e2e.page.getByRole('button', { name: `Drag to reorder “${third}”` });
    const from = await handle.boundingBox();
    const target = await row(first as string).boundingBox();
    if (!from || !target) throw new Error('rows are not laid out');
    await e2e.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await e2e.page.mouse.down();
    await e2e.page.mouse.move(from.x + from.width / 2, target.y + target.height / 2 + 10, { steps: 5 });
    await e2e.page.mouse.move(from.x + from.width / 2, target.y + 5, { steps: 5 });
    // Mid-drag: the row is dimmed and a line marks where it lands.
    expect(await row(first as string).getAttribute('class')).toContain('drop-above');
    expect(await row(third as string).getAttribute('class')).toContain('is-dragging');
    await screenshot(e2e.page, 'organise-my-order-dragging-375');
    const saved = e2e.page.waitForResponse((r) => r.request().method() === 'PATCH' && r.ok());
    await e2e.page.mouse.up();

    const expected = [third, first, second];
    await expect.poll(titles).toEqual(expected);
    await e2e.page.getByText(`Moved “${third}” up: 1 of 3.`).waitFor();
    // The server has saved the new position before the page is loaded again.
    await saved;
    await e2e.page.reload();
    await e2e.page.locator('.todo-list[aria-busy="false"]').waitFor();
    await expect.poll(titles).toEqual(expected);
    await e2e.page.setViewportSize({ width: 1280, height: 900 });
  });
});

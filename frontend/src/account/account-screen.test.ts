import { afterEach, describe, expect, it, vi } from 'vitest';
import { click, getByLabel, getByRole, settle, submit, type } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { readZip } from '../testing/read-zip';
import { currentPath, renderApp } from '../testing/render-app';

const formOf = (button: string) => getByRole('button', button).closest('form') as HTMLFormElement;
const text = () => document.querySelector('main')?.textContent ?? '';

afterEach(() => {
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('account page', () => {
  it('is reached from the signed-in email in the header and shows the email', async () => {
    await renderApp();
    click(getByRole('link', 'Account: alice@example.com'));
    await settle();
    expect(currentPath()).toBe('/account');
    expect(getByRole('heading', 'Account')).toBeTruthy();
    expect(text()).toContain('Signed in as alice@example.com');
    expect(document.title).toBe('Account · Todos');
  });

  it('lists the password rules before submitting and changes the password with the current one', async () => {
    const { auth } = await renderApp({ path: '/account' });
    await auth.signIn('alice@example.com', 'Secret123');
    expect(text()).toContain('At least 8 characters');
    type(getByLabel('Current password'), 'Secret123');
    type(getByLabel('New password'), 'weak');
    submit(formOf('Change password'));
    await settle();
    expect(text()).toContain('Your password still needs');
    expect(auth.users.get('alice@example.com')?.password).toBe('Secret123');

    type(getByLabel('New password'), 'Better456');
    submit(formOf('Change password'));
    await settle();
    expect(auth.users.get('alice@example.com')?.password).toBe('Better456');
    expect(text()).toContain('Your password has been changed.');
    expect(getByLabel('Current password').value).toBe('');
  });

  it('says when the current password is wrong, next to that field', async () => {
    const { auth } = await renderApp({ path: '/account' });
    await auth.signIn('alice@example.com', 'Secret123');
    type(getByLabel('Current password'), 'Wrong1234');
    type(getByLabel('New password'), 'Better456');
    submit(formOf('Change password'));
    await settle();
    expect(getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(text()).toContain('Your current password is not right.');
    expect(auth.users.get('alice@example.com')?.password).toBe('Secret123');
  });

  it('signs out on every device and lands on login saying so', async () => {
    const { auth, app } = await renderApp({ path: '/account' });
    click(getByRole('button', 'Sign out on every device'));
    await settle();
    expect(auth.globalSignOuts).toBe(1);
    expect(app.store.state.user).toBeNull();
    expect(currentPath()).toBe('/login');
    expect(text()).toContain('You were signed out on every device.');
  });

  it('downloads todos.json and every attachment zipped, showing progress', async () => {
    const { api, saved } = await renderApp({ path: '/account', todos: [makeTodo(1), makeTodo(2)] });
    const file = { todoId: 'T000001', contentType: 'text/plain', status: 'available' as const };
    const common = { createdAt: '2025-01-01T00:00:00.000Z', uploadedAt: null, thumbnailUrl: null };
    api.files = [
      { ...file, ...common, fileId: 'F1', fileName: 'a.txt', size: 5 },
      { ...file, ...common, fileId: 'F2', fileName: 'a.txt', size: 3 },
      { ...file, ...common, fileId: 'F3', fileName: 'wait.txt', size: 3, status: 'pending' },
    ];
    api.exportPageSize = 1;
    const bytes: Record<string, string> = { F1: 'hello', F2: 'two' };
    vi.stubGlobal(
      'fetch',
      async (url: string) => new Response(bytes[/\/(F\d)\?/.exec(url)?.[1] ?? ''] ?? ''),
    );

    click(getByRole('button', 'Download my data'));
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    await settle();
    expect(api.callsTo('exportAccount').map((c) => c.args[0])).toEqual([null, 'T000002']);
    expect(saved[0]?.fileName).toMatch(/^todos-export-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(text()).toContain('(your todos and 2 attachments)');
    const zip = readZip(new Uint8Array(await saved[0]!.blob.arrayBuffer()));
    const decode = (name: string) => new TextDecoder().decode(zip.get(name));
    expect([...zip.keys()].sort()).toEqual([
      'attachments/T000001/F2-a.txt',
      'attachments/T000001/a.txt',
      'todos.json',
    ]);
    expect(decode('attachments/T000001/a.txt')).toBe('hello');
    expect(decode('attachments/T000001/F2-a.txt')).toBe('two');
    const json = JSON.parse(decode('todos.json'));
    expect(json.todos.map((t: { todoId: string }) => t.todoId)).toEqual(['T000002', 'T000001']);
    expect(json.todos[1].files.map((f: { path: string | null }) => f.path)).toEqual([
      'attachments/T000001/a.txt',
      'attachments/T000001/F2-a.txt',
      null,
    ]);
  });

  it('deletes the account only after the typed confirmation, calling again until done', async () => {
    const todos = [makeTodo(1), makeTodo(2), makeTodo(3)];
    const { api, app } = await renderApp({ path: '/account', todos });
    api.deleteBatchSize = 1;
    type(getByLabel('Type DELETE to confirm'), 'delete');
    submit(formOf('Delete my account'));
    await settle();
    expect(api.callsTo('deleteAccount')).toHaveLength(0);
    expect(getByLabel('Type DELETE to confirm').getAttribute('aria-invalid')).toBe('true');

    type(getByLabel('Type DELETE to confirm'), 'DELETE');
    submit(formOf('Delete my account'));
    await settle(10);
    expect(api.callsTo('deleteAccount')).toHaveLength(3);
    expect(api.todos).toHaveLength(0);
    expect(app.store.state.user).toBeNull();
    expect(currentPath()).toBe('/login');
    expect(text()).toContain('Your account and all its data have been deleted.');
  });
});

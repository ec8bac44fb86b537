import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  TooManyRequestsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Todo } from '../todos/model';
import { createCognitoOwnerDirectory } from './cognito-owner-directory';
import type { Email } from './reminder-email';
import { sendReminder } from './send-reminder';
import { createSesMailer } from './ses-mailer';

const remindAt = '2099-01-31T09:00:00+01:00';
const todo: Todo = {
  todoId: '01J0000000000000000000000A',
  title: 'Pay <rent>',
  description: '',
  notes: '',
  dueDate: '2099-02-01',
  completed: false,
  completedAt: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  priority: 'none',
  labels: [],
  checklist: [],
  repeat: null,
  position: '01J0000000000000000000000A',
  remindAt,
  nextTodoId: null,
};
const event = { userId: 'u1', todoId: todo.todoId, remindAt };

function depsWith(stored: Todo | undefined, email: string | null = 'ann@example.com') {
  const sent: Email[] = [];
  return {
    sent,
    deps: {
      todos: { get: async () => stored },
      owners: { emailOf: async () => email ?? undefined },
      mailer: { send: async (e: Email) => void sent.push(e) },
      appUrl: 'https://app.example.com/',
    },
  };
}

describe('sendReminder', () => {
  it('emails the owner "Reminder: <title>" with the due date and a link to the todo', async () => {
    const { deps, sent } = depsWith(todo);
    expect(await sendReminder(deps, event)).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'ann@example.com', subject: 'Reminder: Pay <rent>' });
    expect(sent[0]?.text).toContain('Due: 2099-02-01');
    expect(sent[0]?.text).toContain(`https://app.example.com/todos/${todo.todoId}`);
    expect(sent[0]?.html).toContain('Pay &lt;rent&gt;');
    expect(sent[0]?.html).not.toContain('<rent>');
  });

  it('says there is no due date when there is none', async () => {
    const { deps, sent } = depsWith({ ...todo, dueDate: null });
    await sendReminder(deps, event);
    expect(sent[0]?.text).toContain('No due date');
  });

  it.each([
    ['todo-gone', undefined],
    ['completed', { ...todo, completed: true }],
    ['stale', { ...todo, remindAt: '2099-02-01T09:00:00Z' }],
    ['stale', { ...todo, remindAt: null }],
  ] as const)('sends nothing when the todo is %s', async (outcome, stored) => {
    const { deps, sent } = depsWith(stored);
    expect(await sendReminder(deps, event)).toBe(outcome);
    expect(sent).toEqual([]);
  });

  it('sends nothing when the owner no longer exists', async () => {
    const { deps, sent } = depsWith(todo, null);
    expect(await sendReminder(deps, event)).toBe('owner-gone');
    expect(sent).toEqual([]);
  });
});

describe('Cognito owner directory', () => {
  const client = new CognitoIdentityProviderClient({ region: 'us-east-1' });
  const cognito = mockClient(client);
  const owners = createCognitoOwnerDirectory(client, 'pool-1');
  beforeEach(() => cognito.reset());

  it("reads the user's current email attribute by sub", async () => {
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'u1',
      UserAttributes: [
        { Name: 'sub', Value: 'u1' },
        { Name: 'email', Value: 'ann@example.com' },
      ],
    });
    expect(await owners.emailOf('u1')).toBe('ann@example.com');
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'u1',
    });
  });

  it('answers undefined for a user that no longer exists', async () => {
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ $metadata: {}, message: 'gone' }));
    expect(await owners.emailOf('u1')).toBeUndefined();
  });

  it('throws other failures, so the reminder is retried', async () => {
    cognito.on(AdminGetUserCommand).rejects(new TooManyRequestsException({ $metadata: {}, message: 'slow' }));
    await expect(owners.emailOf('u1')).rejects.toBeInstanceOf(TooManyRequestsException);
  });
});

describe('SES mailer', () => {
  it('sends a simple UTF-8 email with text and HTML bodies from the sender address', async () => {
    const client = new SESv2Client({ region: 'us-east-1' });
    const ses = mockClient(client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    await createSesMailer(client, 'reminders@example.com').send({
      to: 'ann@example.com',
      subject: 'Reminder: x',
      text: 't',
      html: '<p>h</p>',
    });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe('reminders@example.com');
    expect(input?.Destination?.ToAddresses).toEqual(['ann@example.com']);
    expect(input?.Content?.Simple?.Subject?.Data).toBe('Reminder: x');
    expect(input?.Content?.Simple?.Body?.Html?.Data).toBe('<p>h</p>');
  });
});

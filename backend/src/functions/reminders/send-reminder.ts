import * as z from 'zod/mini';
import { cognitoClient } from '../../clients/cognito';
import { sesClient } from '../../clients/sesv2';
import { requireEnv } from '../../lib/config';
import { logger, setLogContext } from '../../lib/logger';
import { parseWith } from '../../lib/parse-with';
import { createCognitoOwnerDirectory } from '../../reminders/cognito-owner-directory';
import { type ReminderOutcome, sendReminder } from '../../reminders/send-reminder';
import { createSesMailer } from '../../reminders/ses-mailer';
import { todoStoreFromEnv } from '../../todos/todo-store-from-env';

const deps = {
  todos: todoStoreFromEnv(),
  owners: createCognitoOwnerDirectory(cognitoClient, requireEnv('USER_POOL_ID')),
  mailer: createSesMailer(sesClient, requireEnv('REMINDER_SENDER')),
  appUrl: requireEnv('APP_URL'),
};

/** The schedule's Input, as the todo routes wrote it. */
const ReminderEvent = z.object({ userId: z.string(), todoId: z.string(), remindAt: z.string() });

/**
 * Invoked by the reminder's one-time EventBridge schedule. A malformed event is logged and dropped
 * (retrying cannot fix it); a failure to read or send throws, so the invocation is retried.
 */
export async function handler(
  event: unknown,
  context?: { awsRequestId?: string },
): Promise<ReminderOutcome | 'invalid'> {
  setLogContext({ awsRequestId: context?.awsRequestId });
  let reminder: z.infer<typeof ReminderEvent>;
  try {
    reminder = parseWith(ReminderEvent, event, 'reminder event');
  } catch (error) {
    logger.error('reminder event dropped', { error });
    return 'invalid';
  }
  return sendReminder(deps, reminder);
}

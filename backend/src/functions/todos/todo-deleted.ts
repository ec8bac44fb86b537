import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fileEventDepsFromEnv } from '../../files/deps-from-env';
import { onTodoDeleted } from '../../files/file-events';
import { isId } from '../../lib/ids';
import { logger, setLogContext } from '../../lib/logger';
import { reminderSchedulerFromEnv } from '../../reminders/reminder-scheduler-from-env';

const deps = fileEventDepsFromEnv();
const reminders = reminderSchedulerFromEnv();

/**
 * TodosTable stream (REMOVE only, filtered in the template): delete the todo's files and cancel its
 * reminder, whichever way it was deleted (one, in bulk, with the account). Reports the
 * first failed record so Lambda retries from there; later records are retried with it, harmlessly.
 */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: { awsRequestId?: string },
): Promise<DynamoDBBatchResponse> {
  setLogContext({ awsRequestId: context?.awsRequestId });
  for (const record of event.Records ?? []) {
    if (record.eventName !== 'REMOVE') continue;
    const userId = record.dynamodb?.Keys?.userId?.S;
    const todoId = record.dynamodb?.Keys?.todoId?.S;
    // Only todos have files: the per-user counter item (removed with an account) has none.
    if (!userId || !todoId || !isId(todoId)) continue;
    try {
      await onTodoDeleted(deps, userId, todoId);
      if (record.dynamodb?.OldImage?.remindAt?.S) await reminders.cancel(todoId);
    } catch (error) {
      logger.error('todo-deleted handling failed', { todoId, error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

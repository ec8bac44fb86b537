/**
 * Fills in, for todos stored before the current item layout, the attributes every write now keeps
 * beside a todo (search copies, label keys, due and manual-order index keys), so that old todos
 * show in the due views, "my order" and search; then completes each user's search digest. Safe to
 * run beside the live app and more than once (see backend/src/todos/backfill.ts).
 *
 *   npx tsx scripts/backfill-todos.ts --table <TodosTable name> [--segments 4]
 *
 * Credentials and region come from the environment, as for any AWS SDK client (set
 * AWS_ENDPOINT_URL_DYNAMODB to run it against DynamoDB Local).
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillTodos } from '../backend/src/todos/backfill';

const { values } = parseArgs({
  options: { table: { type: 'string' }, segments: { type: 'string', default: '4' } },
});
if (!values.table) {
  console.error('usage: npx tsx scripts/backfill-todos.ts --table <TodosTable name> [--segments 4]');
  process.exit(2);
}
const segments = Number(values.segments);
if (!Number.isInteger(segments) || segments < 1 || segments > 64) {
  console.error('--segments must be a whole number from 1 to 64');
  process.exit(2);
}

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const result = await backfillTodos(client, values.table, {
  segments,
  onProgress: ({ scanned, updated, usersDigested }) =>
    process.stdout.write(
      `\rscanned ${scanned} items, updated ${updated} todos, search digest of ${usersDigested} users`,
    ),
});
console.log(
  `\nDone: ${result.updated} todos updated of ${result.scanned} items scanned in ${values.table}; ` +
    `search digest completed for ${result.usersDigested} users (${result.digestEntries} entries written).`,
);
client.destroy();

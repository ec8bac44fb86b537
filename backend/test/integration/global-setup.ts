import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDb } from '../../../local/emulators/dynamodb-local';
import { localContext } from '../../../local/local-context';
import { freePort } from '../../../local/ports';
import { createTables } from '../../../local/stack/provision';
import { loadTemplate } from '../../../local/template';

/**
 * One DynamoDB Local (in memory) for the whole integration run, with the template's tables.
 * s3rver is started per test file instead (see setup-env.ts), so each file sees its S3 events.
 */
export default async function setup(project: TestProject) {
  const template = loadTemplate('template.yaml');
  const dynamodb = await startDynamoDb({ port: await freePort() });
  const ctx = localContext(template, { stackName: 'todo-it' });
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = await createTables(client, template, ctx, (id) => ctx.ref(id));
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('tables', Object.fromEntries(tables.map((t) => [t.logicalId, t.tableName])));
  client.destroy();
  return async () => {
    await dynamodb.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    tables: Record<string, string>;
  }
}

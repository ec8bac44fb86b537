import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerServer, startSecretsManager } from '../../emulators/secrets-manager';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:todo-local/cursor-signing';
let server: SecretsManagerServer;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await startSecretsManager({
    secrets: [{ arn: ARN, name: 'todo-local/cursor-signing', value: 's3cret' }],
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
  });
  client = new SecretsManagerClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

describe('local secret store (Secrets Manager endpoint)', () => {
  it('answers the SDK’s GetSecretValue by ARN and by name', async () => {
    for (const id of [ARN, 'todo-local/cursor-signing']) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(out).toMatchObject({ ARN, SecretString: 's3cret', VersionStages: ['AWSCURRENT'] });
    }
  });

  it('answers an unknown secret with ResourceNotFoundException, as Secrets Manager does', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses other operations and junk without going down', async () => {
    await expect(client.send(new ListSecretsCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
    const junk = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body: '{not json',
    });
    expect(junk.status).toBe(400);
    expect(await junk.json()).toMatchObject({ __type: 'SerializationException' });
    const bad = await fetch(`${server.endpoint}/%ff`, { method: 'GET' });
    expect(bad.status).toBe(400);
    // Still serving.
    const out = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
    expect(out.SecretString).toBe('s3cret');
  });
});

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretLoader } from './secrets';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:todo-x/cursor-signing-AbCdEf';

beforeEach(() => sm.reset());

describe('createSecretLoader', () => {
  it('reads a secret once and serves every later call from the cache', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'k3y' });
    const load = createSecretLoader(new SecretsManagerClient({ region: 'us-east-1' }));
    const values = await Promise.all([load(ARN), load(ARN), load(ARN)]);
    expect(values).toEqual(['k3y', 'k3y', 'k3y']);
    expect(await load(ARN)).toBe('k3y');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input).toEqual({ SecretId: ARN });
  });

  it('does not remember a failed read: the next call tries again', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: 'k3y' });
    const load = createSecretLoader(new SecretsManagerClient({ region: 'us-east-1' }));
    await expect(load(ARN)).rejects.toThrow('throttled');
    expect(await load(ARN)).toBe('k3y');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a secret without a string value', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1]) });
    const load = createSecretLoader(new SecretsManagerClient({ region: 'us-east-1' }));
    await expect(load(ARN)).rejects.toThrow(/no string value/);
  });
});

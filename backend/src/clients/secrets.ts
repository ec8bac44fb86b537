import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Secret values read once per execution environment: the first call fetches, every later call
 * (this container's whole life) gets the same value. A failed fetch is not cached, so the next
 * invocation tries again. The endpoint comes from the SDK's AWS_ENDPOINT_URL_SECRETS_MANAGER when
 * set (the local runtime's secret store), never from code.
 */
export type SecretLoader = (secretId: string) => Promise<string>;

export function createSecretLoader(client: SecretsManagerClient): SecretLoader {
  const cache = new Map<string, Promise<string>>();
  return (secretId) => {
    let value = cache.get(secretId);
    if (!value) {
      value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
        if (out.SecretString === undefined || out.SecretString === '') {
          throw new Error(`Secret ${secretId} has no string value`);
        }
        return out.SecretString;
      });
      cache.set(secretId, value);
      value.catch(() => cache.delete(secretId));
    }
    return value;
  };
}

export const secretString: SecretLoader = createSecretLoader(new SecretsManagerClient({}));

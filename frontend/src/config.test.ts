import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './config';

const valid = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_abc',
  userPoolClientId: 'client',
  todosApiUrl: 'https://todos.example/',
  filesApiUrl: 'https://files.example//',
  maxUploadBytes: 10485760,
  authFlow: 'USER_SRP_AUTH',
};

describe('parseConfig', () => {
  it('accepts a complete config and drops trailing slashes from the API URLs', () => {
    const config = parseConfig(valid);
    expect(config.todosApiUrl).toBe('https://todos.example');
    expect(config.filesApiUrl).toBe('https://files.example');
    expect(config.maxUploadBytes).toBe(10485760);
    expect(config.cognitoEndpoint).toBeUndefined();
  });

  it('keeps the local Cognito endpoint and password auth flow', () => {
    const config = parseConfig({
      ...valid,
      authFlow: 'USER_PASSWORD_AUTH',
      cognitoEndpoint: 'http://127.0.0.1:9229',
    });
    expect(config.authFlow).toBe('USER_PASSWORD_AUTH');
    expect(config.cognitoEndpoint).toBe('http://127.0.0.1:9229');
  });

  it('names every missing or malformed key in one message', () => {
    const { userPoolId: _, ...rest } = valid;
    expect(() => parseConfig({ ...rest, maxUploadBytes: '10', authFlow: 'SRP' })).toThrow(
      /userPoolId must be a non-empty string; maxUploadBytes must be a positive whole number; authFlow must be/,
    );
  });

  it('refuses something that is not an object', () => {
    expect(() => parseConfig([])).toThrow(ConfigError);
    expect(() => parseConfig(null)).toThrow('config.json is not a JSON object.');
  });
});

describe('loadConfig', () => {
  it('fetches /config.json bypassing the cache', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify(valid)));
    await expect(loadConfig(fetchFn)).resolves.toMatchObject({ region: 'eu-west-1' });
    expect(fetchFn).toHaveBeenCalledWith('/config.json', expect.objectContaining({ cache: 'no-store' }));
  });

  it('explains an HTTP failure, invalid JSON and an unreachable server', async () => {
    await expect(loadConfig(async () => new Response('nope', { status: 404 }))).rejects.toThrow('(HTTP 404)');
    await expect(loadConfig(async () => new Response('{'))).rejects.toThrow('not valid JSON');
    await expect(
      loadConfig(async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).rejects.toThrow('Check your connection');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, NetworkError } from '../errors';
import { cognitoApi, cognitoEndpoint } from './cognito-api';

const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status, headers })),
  );

describe('cognitoApi', () => {
  afterEach(() => vi.unstubAllGlobals());
  const call = cognitoApi({ userPoolId: 'eu-west-1_abc' });

  it('posts the operation as Cognito’s JSON API expects, to the pool’s regional endpoint', async () => {
    const fetchMock = vi.fn(async () => new Response('{"UserSub":"u1"}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(call('SignUp', { Username: 'a@example.com' })).resolves.toEqual({ UserSub: 'u1' });
    expect(fetchMock).toHaveBeenCalledWith('https://cognito-idp.eu-west-1.amazonaws.com/', {
      method: 'POST',
      mode: 'cors',
      cache: 'no-store',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.SignUp',
      },
      body: '{"Username":"a@example.com"}',
    });
  });

  it('uses the configured endpoint (cognito-local) when there is one', () => {
    expect(cognitoEndpoint({ userPoolId: 'local_1', cognitoEndpoint: 'http://127.0.0.1:9229/' })).toBe(
      'http://127.0.0.1:9229/',
    );
  });

  it('turns an error answer into an AuthError with Cognito’s code and message', async () => {
    answer(400, JSON.stringify({ __type: 'com.amazonaws#CodeMismatchException', message: 'Invalid code' }));
    const error = await call('ConfirmSignUp', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'CodeMismatchException', message: 'Invalid code' });
  });

  it('takes the code from the x-amzn-errortype header when the body is not JSON', async () => {
    answer(429, 'Too many', { 'x-amzn-errortype': 'TooManyRequestsException:http://internal' });
    await expect(call('SignUp', {})).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      message: 'Authentication failed.',
    });
  });

  it('says UnknownError for an error answer that names nothing', async () => {
    answer(500, '');
    await expect(call('SignUp', {})).rejects.toMatchObject({ code: 'UnknownError' });
  });

  it('turns a request that gets no answer into a NetworkError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(call('SignUp', {})).rejects.toBeInstanceOf(NetworkError);
  });
});

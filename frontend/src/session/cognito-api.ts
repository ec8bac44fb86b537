import type { AppConfig } from '../app-config';
import { AuthError, NetworkError } from '../errors';

/** One call to Cognito's user pool API: an operation name and its JSON parameters. */
export type CognitoCall = <T = Record<string, unknown>>(operation: string, params: object) => Promise<T>;

/** Cognito's endpoint: the configured one (cognito-local), else the pool's region's. */
export const cognitoEndpoint = (config: Pick<AppConfig, 'userPoolId' | 'cognitoEndpoint'>) =>
  config.cognitoEndpoint ?? `https://cognito-idp.${config.userPoolId.split('_')[0]}.amazonaws.com/`;

/**
 * Cognito's JSON API over fetch, one request and no retries (the caller decides what a failure
 * means). A request that gets no answer is a NetworkError; an error answer is an AuthError with
 * Cognito's code, e.g. NotAuthorizedException.
 */
export function cognitoApi(config: Pick<AppConfig, 'userPoolId' | 'cognitoEndpoint'>): CognitoCall {
  const endpoint = cognitoEndpoint(config);
  return async <T>(operation: string, params: object): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        mode: 'cors',
        cache: 'no-store',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(params),
      });
    } catch {
      throw new NetworkError();
    }
    const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return data as T;
    throw errorFrom(response, data);
  };
}

/** Cognito names an error in `__type` ("…#NotAuthorizedException") or, failing that, a header. */
function errorFrom(response: Response, data: Record<string, unknown>): AuthError {
  const type = data.__type ?? data.code ?? response.headers.get('x-amzn-errortype')?.split(':')[0];
  const code = typeof type === 'string' && type ? (type.split('#').pop() ?? type) : 'UnknownError';
  const message = data.message ?? data.Message;
  return new AuthError(code, typeof message === 'string' && message ? message : 'Authentication failed.');
}

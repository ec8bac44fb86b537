import type { AppConfig } from './app-config';

export type { AppConfig } from './app-config';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const REQUIRED_STRINGS = ['region', 'userPoolId', 'userPoolClientId', 'todosApiUrl', 'filesApiUrl'] as const;

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** Checks the shape of a parsed config.json; every problem is named in one message. */
export function parseConfig(raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('config.json is not a JSON object.');
  const value = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of REQUIRED_STRINGS) {
    if (typeof value[key] !== 'string' || value[key] === '')
      problems.push(`${key} must be a non-empty string`);
  }
  const max = value.maxUploadBytes;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    problems.push('maxUploadBytes must be a positive whole number');
  }
  const authFlow = value.authFlow ?? 'USER_SRP_AUTH';
  if (authFlow !== 'USER_SRP_AUTH' && authFlow !== 'USER_PASSWORD_AUTH') {
    problems.push('authFlow must be USER_SRP_AUTH or USER_PASSWORD_AUTH');
  }
  const endpoint = value.cognitoEndpoint;
  if (endpoint !== undefined && (typeof endpoint !== 'string' || endpoint === '')) {
    problems.push('cognitoEndpoint must be a non-empty string when present');
  }
  if (problems.length > 0) throw new ConfigError(`config.json is invalid: ${problems.join('; ')}.`);

  const config: AppConfig = {
    region: value.region as string,
    userPoolId: value.userPoolId as string,
    userPoolClientId: value.userPoolClientId as string,
    todosApiUrl: withoutTrailingSlash(value.todosApiUrl as string),
    filesApiUrl: withoutTrailingSlash(value.filesApiUrl as string),
    maxUploadBytes: max as number,
    authFlow: authFlow as AppConfig['authFlow'],
  };
  if (typeof endpoint === 'string') config.cognitoEndpoint = endpoint;
  return config;
}

/** Loads `/config.json` (never cached: one build runs against any stage). */
export async function loadConfig(fetchFn: typeof fetch = fetch, url = '/config.json'): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new ConfigError('Could not load the app configuration. Check your connection and reload.');
  }
  if (!response.ok) throw new ConfigError(`Could not load the app configuration (HTTP ${response.status}).`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError('config.json is not valid JSON.');
  }
  return parseConfig(raw);
}

import type { AppConfig } from '../frontend/src/app-config';

/**
 * The web app's `/config.json` built from a stack's outputs: the one builder the deploy
 * (scripts/write-frontend-config.ts, from the real stack's outputs) and the local runtime (from the
 * template's outputs with local values) share. Its type is the web app's own `AppConfig`.
 */
export type StackOutputs = Record<string, string>;

/**
 * Who reads the config: a deployed stack (SRP sign-in, https APIs) or the local runtime, whose
 * cognito-local has no SRP and is reached at its own endpoint.
 */
export type ConfigTarget = { kind: 'aws' } | { kind: 'local'; cognitoEndpoint: string };

export const AWS_TARGET: ConfigTarget = { kind: 'aws' };

export function requiredOutput(outputs: StackOutputs, key: string): string {
  const value = outputs[key];
  if (!value) throw new Error(`Stack output ${key} is missing (config.json needs it)`);
  return value;
}

/** An output that is a URL, without trailing slashes; on AWS it must be https. */
export function urlOutput(outputs: StackOutputs, key: string, target: ConfigTarget): string {
  const value = requiredOutput(outputs, key);
  const url = new URL(value);
  if (target.kind === 'aws' && url.protocol !== 'https:') {
    throw new Error(`Stack output ${key} is not an https URL: ${value}`);
  }
  return value.replace(/\/+$/, '');
}

export function appConfigFromOutputs(outputs: StackOutputs, target: ConfigTarget): AppConfig {
  const maxUploadBytes = Number(requiredOutput(outputs, 'MaxUploadBytes'));
  if (!Number.isSafeInteger(maxUploadBytes) || maxUploadBytes <= 0) {
    throw new Error(`Stack output MaxUploadBytes is not a positive integer: ${outputs.MaxUploadBytes}`);
  }
  const config: AppConfig = {
    region: requiredOutput(outputs, 'Region'),
    userPoolId: requiredOutput(outputs, 'UserPoolId'),
    userPoolClientId: requiredOutput(outputs, 'UserPoolClientId'),
    todosApiUrl: urlOutput(outputs, 'TodosApiUrl', target),
    filesApiUrl: urlOutput(outputs, 'FilesApiUrl', target),
    maxUploadBytes,
    authFlow: target.kind === 'aws' ? 'USER_SRP_AUTH' : 'USER_PASSWORD_AUTH',
  };
  if (target.kind === 'local') config.cognitoEndpoint = target.cognitoEndpoint;
  return config;
}

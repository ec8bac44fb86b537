import type { AppConfig } from '../frontend/src/app-config';
import { type IntrinsicContext, resolveValue } from './intrinsics';
import type { CfnTemplate } from './template';

/**
 * The template's Outputs with local values, and the web app's `/config.json` built from them the
 * way the deploy builds it from the real stack's outputs. An API's AWS URL
 * (`https://<id>.execute-api.<region>.amazonaws.com`) becomes the local URL of that API.
 */
export function localOutputs(
  template: CfnTemplate,
  ctx: IntrinsicContext,
  apiUrls: Record<string, { apiId: string; url: string }>,
): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    let value = String(resolveValue(output.Value, ctx));
    for (const { apiId, url } of Object.values(apiUrls)) {
      value = value.replace(
        new RegExp(`^https://${apiId}\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com`),
        url,
      );
    }
    outputs[name] = value;
  }
  return outputs;
}

/** config.json's shape is the web app's own type: one definition for every writer and reader. */
export type WebConfig = AppConfig;

export function webConfig(outputs: Record<string, string>, cognitoEndpoint: string): WebConfig {
  const required = (name: string) => {
    const value = outputs[name];
    if (value === undefined) throw new Error(`template.yaml has no output ${name}, which config.json needs`);
    return value;
  };
  return {
    region: required('Region'),
    userPoolId: required('UserPoolId'),
    userPoolClientId: required('UserPoolClientId'),
    todosApiUrl: required('TodosApiUrl'),
    filesApiUrl: required('FilesApiUrl'),
    maxUploadBytes: Number(required('MaxUploadBytes')),
    // cognito-local has no SRP; on AWS the app uses USER_SRP_AUTH.
    authFlow: 'USER_PASSWORD_AUTH',
    cognitoEndpoint,
  };
}

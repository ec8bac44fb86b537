import type { FunctionConfig } from './catalog';

/**
 * The environment a function sees: the variables Lambda itself defines, then the template's
 * (Globals + function, already resolved to local values), then the SDK's standard endpoint
 * variables pointing at the emulators, which is how handler code reaches them without a local branch.
 */
export interface LocalEndpoints {
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Service id (as in AWS_ENDPOINT_URL_<ID>) → URL, e.g. { DYNAMODB: 'http://127.0.0.1:8000' }. */
  endpoints: Record<string, string>;
}

export function lambdaEnvironment(fn: FunctionConfig, local: LocalEndpoints): Record<string, string> {
  return {
    // What Lambda's Node.js runtime defines for every function.
    AWS_REGION: local.region,
    AWS_DEFAULT_REGION: local.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${fn.logicalId}`,
    AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
    LAMBDA_TASK_ROOT: fn.codeDir,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: fn.handler,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    // The SDK warns once per execution environment that this Node.js is older than it will
    // require next year; the runtime says that once at start instead of once per worker.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...fn.environment,
    ...Object.fromEntries(
      Object.entries(local.endpoints).map(([id, url]) => [`AWS_ENDPOINT_URL_${id}`, url]),
    ),
  };
}

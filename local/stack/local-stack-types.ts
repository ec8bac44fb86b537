import type { AppConfig } from '../../frontend/src/app-config';
import type { CodeNotice, CodePurpose } from '../emulators/cognito-local';
import type { LocalEmail } from '../emulators/ses-v2-local';
import type { LocalFunction } from '../lambda/local-function';
import type { Logger } from '../log';
import type { CfnTemplate } from '../template';

/** What startLocalStack takes and gives back, and the defaults it starts from. */
export const DEFAULT_PORTS = {
  web: 5173,
  dynamodb: 8000,
  s3: 4569,
  cognito: 9229,
  ses: 8005,
  firstApi: 3001,
} as const;

export interface LocalStackOptions {
  /** Project root (template.yaml, frontend/); defaults to this repository. */
  rootDir?: string;
  templatePath?: string;
  /** Defaults to `<root>/.local`. */
  dataDir?: string;
  /** Wipe the data directory first. */
  reset?: boolean;
  /** Web app port; 0 picks a free one. */
  webPort?: number;
  /** Free ports for the APIs and emulators instead of the fixed defaults. */
  freePorts?: boolean;
  ports?: { dynamodb?: number; s3?: number; cognito?: number; ses?: number; apis?: Record<string, number> };
  /** Only the emulators and their resources, plus env.json for `sam local start-api`. */
  emulatorsOnly?: boolean;
  /** Where `emulatorsOnly` writes env.json; defaults to `<root>/env.json`. */
  envJsonPath?: string;
  stackName?: string;
  parameters?: Record<string, string>;
  logger?: Logger;
  /** Apply the APIs' throttling settings (DefaultRouteSettings); on unless turned off. */
  throttling?: boolean;
  /** Execution environments per function at most (Lambda's concurrency, kept small locally; default 4). */
  maxConcurrency?: number;
  /** Serve the web app (default true; never in emulatorsOnly). */
  web?: boolean;
  onCode?(notice: CodeNotice): void;
  onEmail?(email: LocalEmail): void;
  /** Delays before retrying a failed S3-triggered invocation (Lambda waits minutes). */
  s3RetryDelaysMs?: number[];
  /** Delay before retry n of a failed stream batch. */
  streamBackoffMs?(attempt: number): number;
}

export interface ReadyInfo {
  webUrl: string | null;
  todosApiUrl: string | null;
  filesApiUrl: string | null;
  cognitoEndpoint: string;
  /** The template's (first) user pool and app client; null if it declares none. */
  userPoolId: string | null;
  userPoolClientId: string | null;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  /** The local SES v2 endpoint; its inbox is at `${sesEndpoint}/store`. */
  sesEndpoint: string;
  schedulerEndpoint: string;
  region: string;
  dataDir: string;
  apis: Record<string, string>;
  tables: Record<string, string>;
  buckets: Record<string, string>;
  pids: { runtime: number; dynamodb: number | null };
  readyMs: number;
}

export interface LocalStack extends ReadyInfo {
  info: ReadyInfo;
  /** Addresses the runtime's own servers listen on (DynamoDB Local listens on every one). */
  listenHosts: string[];
  appConfig: AppConfig | null;
  webMode: 'vite' | 'placeholder' | null;
  envJsonPath: string | null;
  routes: Record<string, number>;
  codes: CodeNotice[];
  /** The latest code sent to `email` for `purpose`, waiting for it if needed. */
  waitForCode(email: string, purpose?: CodePurpose, timeoutMs?: number): Promise<string>;
  /** Resolves when every S3 event so far reached its function (or was given up). */
  s3Idle(): Promise<void>;
  functions: Map<string, LocalFunction>;
  stop(): Promise<void>;
}

/**
 * Parameter values for the local stack: a stage of its own, and the web app's local origin
 * wherever the template lets a laptop's origin into its CORS rules.
 */
export function localParameters(template: CfnTemplate, webOrigin: string | null): Record<string, string> {
  const declared = template.Parameters ?? {};
  const values: Record<string, string> = {};
  if ('Stage' in declared) values.Stage = 'local';
  if (webOrigin) {
    if ('AllowLocalhostOrigin' in declared) values.AllowLocalhostOrigin = 'true';
    if ('LocalhostOrigin' in declared) values.LocalhostOrigin = webOrigin;
    if ('FrontendOrigin' in declared) values.FrontendOrigin = webOrigin;
  }
  return values;
}

import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { Router } from 'cognito-local/lib/server/Router';
import { createServer } from 'cognito-local/lib/server/server';
import { DateClock } from 'cognito-local/lib/services/clock';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb';
import { otp } from 'cognito-local/lib/services/otp';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator';
import { TriggersService } from 'cognito-local/lib/services/triggers/triggers';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService';
import pino from 'pino';
import { type CognitoServices, localTargets } from '../cognito-api/local-targets';
import { cognitoApi, cognitoError } from '../cognito-api/server';
import { closeServer, type ListenHosts, listen } from '../ports';
import { guardRequests, type RequestHandler } from '../request-guard';

/**
 * cognito-local, composed in this process instead of through its `createDefaultServer`, for three
 * reasons: its data directory becomes ours (the default is a fixed `.cognito/` in the cwd), the
 * issuer it writes into tokens follows the port we picked, and we see every code it "sends"
 * together with why it was sent (sign-up or password reset), which its console sender does not say.
 * No trigger Lambdas are configured, so the aws-sdk v2 client it would load for them is not needed.
 */
export type CodePurpose = 'sign-up' | 'password-reset' | 'verification';

export interface CodeNotice {
  purpose: CodePurpose;
  email: string;
  username: string;
  code: string;
  userPoolId: string;
}

export interface RunningCognito {
  endpoint: string;
  /** Tokens carry `iss` = `${issuerDomain}/${userPoolId}`. */
  issuerDomain: string;
  /** The listening server (closing it behind the runtime's back is how a test crashes it). */
  server: Server;
  /** Calls an API action in process, as the HTTP API would (`CreateUserPool`, `ListUserPools`...). */
  call(action: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const PURPOSE: Record<string, CodePurpose> = {
  SignUp: 'sign-up',
  ResendCode: 'sign-up',
  ForgotPassword: 'password-reset',
};

interface CognitoUser {
  Username: string;
  Attributes?: { Name: string; Value?: string }[];
}

export async function startCognito(options: {
  port: number;
  host: ListenHosts;
  /** Public host name in URLs and in the tokens' issuer (the browser must reach it). */
  publicHost: string;
  directory: string;
  onCode(notice: CodeNotice): void;
  onLog(level: 'warn' | 'debug', message: string): void;
  /** Told when the endpoint stops answering on its own, and when it answers again. */
  onDown?(): void;
  onUp?(): void;
}): Promise<RunningCognito> {
  mkdirSync(options.directory, { recursive: true });
  // cognito-local logs a warning for every refused sign-in; those are the client's business.
  const logger = pino({ level: 'warn' }, {
    write(line: string) {
      const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
      const message = [entry.msg, entry.err?.message].filter(Boolean).join(': ');
      options.onLog(entry.level >= 50 ? 'warn' : 'debug', message);
    },
  } as never);
  const ctx = { logger };
  const clock = new DateClock();
  const stores = new StormDBDataStoreFactory(options.directory);
  const cognito = await new CognitoServiceFactoryImpl(
    options.directory,
    stores,
    new UserPoolServiceFactoryImpl(clock, stores),
  ).create(ctx as never, {} as never);

  // Placeholders that were never configured are never called: `enabled()` is false for all triggers.
  const lambda = { enabled: () => false, invoke: () => Promise.reject(new Error('no triggers locally')) };
  const triggers = new TriggersService(clock, cognito, lambda as never, {} as never);

  // The port is fixed before tokens are issued: the issuer names it.
  let port = options.port;
  const tokenConfig = { IssuerDomain: '' };
  const messages = {
    async deliver(
      _ctx: unknown,
      source: string,
      _clientId: string | null,
      userPoolId: string,
      user: CognitoUser,
      code: string,
    ) {
      const email = user.Attributes?.find((a) => a.Name === 'email')?.Value ?? user.Username;
      options.onCode({
        purpose: PURPOSE[source] ?? 'verification',
        email,
        username: user.Username,
        code,
        userPoolId,
      });
    },
  };
  const config = {
    LambdaClient: {},
    TriggerFunctions: {},
    UserPoolDefaults: {},
    KMSConfig: {},
    TokenConfig: tokenConfig,
    ServerConfig: { port, hostname: options.host, development: false, https: false },
  };
  const services = {
    clock,
    cognito,
    config,
    messages,
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, tokenConfig as never),
    triggers,
  };
  const router = Router(services as never);
  const app = createServer(router, logger as never, config.ServerConfig as never, services as never);
  const { createServer: createHttpServer } = await import('node:http');
  const route = (action: string) => (input: Record<string, unknown>) =>
    router(action)(ctx as never, input as never) as Promise<Record<string, unknown>>;
  const server: Server = createHttpServer(
    guardRequests(
      cognitoApi({
        route,
        targets: localTargets(services as unknown as CognitoServices, ctx, route),
        passThrough: app.application as RequestHandler,
        onLog: options.onLog,
      }),
      (error, _req, res) => {
        options.onLog('warn', `request failed: ${error.message}`);
        cognitoError(res, 500, 'InternalErrorException', 'Internal error');
      },
    ),
  );
  port = await listen(server, port, options.host, 'Cognito (cognito-local)');
  const endpoint = `http://${options.publicHost}:${port}`;
  tokenConfig.IssuerDomain = endpoint;
  const stopSupervision = keepListening(server, port, options);

  return {
    endpoint,
    issuerDomain: endpoint,
    server,
    async call(action, input) {
      return (await router(action)({ logger } as never, input)) as Record<string, unknown>;
    },
    stop: () => {
      stopSupervision();
      return closeServer(server);
    },
  };
}

/**
 * cognito-local runs in this process, so it cannot die alone, but its listening socket can (an
 * accept error, a close nobody asked for): say so, and listen again on the same port. Its users
 * and pools are in its data files, so nothing is lost. Returns the function that ends this.
 */
function keepListening(
  server: Server,
  port: number,
  options: { host: ListenHosts; onLog(level: 'warn', message: string): void; onDown?(): void; onUp?(): void },
): () => void {
  let stopping = false;
  server.on('error', (error) => options.onLog('warn', `server error: ${error.message}`));
  server.on('close', () => {
    if (stopping) return;
    options.onDown?.();
    options.onLog('warn', `cognito-local stopped listening; listening again on port ${port}`);
    const retry = (attempt: number) => {
      if (stopping) return;
      listen(server, port, options.host, 'Cognito (cognito-local)').then(
        () => options.onUp?.(),
        () => setTimeout(() => retry(attempt + 1), Math.min(200 * attempt, 2000)),
      );
    };
    retry(1);
  });
  return () => {
    stopping = true;
  };
}

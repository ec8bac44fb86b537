import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { type Bundle, BundleError, type FunctionBundler } from './bundler';
import type { FunctionConfig } from './catalog';
import type { InvokeMessage, LambdaError, RuntimeInit, RuntimeMessage } from './worker-runtime';

/**
 * One function's execution environments. Each is a worker thread with the function's own
 * `process.env` (handlers read their configuration at module load, and functions differ), running
 * one invocation at a time like a Lambda environment; more are started while all are busy, up to
 * a limit, after which invocations wait their turn. Environments of an older build are retired.
 */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: LambdaError };

export interface LocalFunctionOptions {
  bundler: FunctionBundler;
  /** Path of the bundled worker-runtime.ts. */
  runtimeFile: string;
  env: Record<string, string>;
  region: string;
  accountId: string;
  maxConcurrency: number;
  /** Each line the handler writes to stdout or stderr. */
  onOutput(line: string): void;
  onEvent(message: string, level?: 'debug' | 'info' | 'warn' | 'error'): void;
}

interface Environment {
  worker: Worker;
  version: number;
  busy: boolean;
  ready: Promise<LambdaError | undefined>;
  pending?: { id: number; resolve(result: InvokeResult): void };
  idleTimer?: NodeJS.Timeout;
}

/** Idle environments are reclaimed after a while, as Lambda does, to give memory back. */
const IDLE_MS = 10 * 60 * 1000;

export class LocalFunction {
  readonly config: FunctionConfig;
  readonly #options: LocalFunctionOptions;
  readonly #environments = new Set<Environment>();
  readonly #waiting: (() => void)[] = [];
  #nextId = 1;
  #stopped = false;

  constructor(config: FunctionConfig, options: LocalFunctionOptions) {
    this.config = config;
    this.#options = options;
  }

  /** Invocations started so far (tests use it to show a request never reached the function). */
  invocations = 0;

  get environmentCount(): number {
    return this.#environments.size;
  }

  async invoke(event: unknown): Promise<InvokeResult> {
    this.invocations += 1;
    if (this.#stopped) return fail('Runtime.Stopped', 'The local runtime is stopping.');
    let bundle: Bundle;
    try {
      bundle = await this.#options.bundler.current(this.config);
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      this.#options.onEvent(error.message, 'error');
      return fail('Runtime.BuildError', error.message);
    }
    const env = await this.#acquire(bundle);
    if (!env) return fail('Runtime.Stopped', 'The local runtime is stopping.');
    const initError = await env.ready;
    if (initError) {
      // Lambda reports the failed init for this invocation and tries a fresh environment next time.
      this.#discard(env);
      this.#waiting.shift()?.();
      this.#options.onEvent(`init failed: ${initError.errorType}: ${initError.errorMessage}`, 'error');
      return { ok: false, error: initError };
    }
    try {
      return await this.#run(env, event);
    } finally {
      this.#release(env);
    }
  }

  async #acquire(bundle: Bundle): Promise<Environment | null> {
    for (;;) {
      if (this.#stopped) return null;
      for (const env of this.#environments) {
        if (!env.busy && env.version !== bundle.version) this.#discard(env);
      }
      const idle = [...this.#environments].find((e) => !e.busy && e.version === bundle.version);
      if (idle) {
        idle.busy = true;
        clearTimeout(idle.idleTimer);
        return idle;
      }
      if (this.#environments.size < this.#options.maxConcurrency) {
        const env = this.#start(bundle);
        env.busy = true;
        return env;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #release(env: Environment) {
    env.busy = false;
    if (this.#environments.has(env)) {
      env.idleTimer = setTimeout(() => this.#discard(env), IDLE_MS);
      env.idleTimer.unref();
    }
    this.#waiting.shift()?.();
  }

  #start(bundle: Bundle): Environment {
    const fn = this.config;
    const init: RuntimeInit = {
      handlerUrl: bundle.url,
      handlerExport: fn.handlerExport,
      handler: fn.handler,
      functionName: fn.functionName,
      memorySize: fn.memorySize,
      logGroupName: fn.logGroupName,
      logStreamName: this.#options.env.AWS_LAMBDA_LOG_STREAM_NAME ?? fn.logicalId,
      invokedFunctionArn: `arn:aws:lambda:${this.#options.region}:${this.#options.accountId}:function:${fn.functionName}`,
    };
    const started = Date.now();
    const worker = new Worker(this.#options.runtimeFile, {
      workerData: init,
      env: this.#options.env,
      // No loader or flags from this process: the handler runs as plain Node.js, as on Lambda.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, fn.memorySize) },
    });
    const env: Environment = {
      worker,
      version: bundle.version,
      busy: false,
      ready: Promise.resolve(undefined),
    };
    env.ready = new Promise((resolve) => {
      const onMessage = (message: RuntimeMessage) => {
        if (message.type === 'output') {
          for (const line of message.text.split('\n')) if (line) this.#options.onOutput(line);
        } else if (message.type === 'ready') {
          this.#options.onEvent(`cold start ${Date.now() - started} ms (build ${bundle.version})`, 'debug');
          resolve(undefined);
        } else if (message.type === 'init-error') {
          resolve(message.error);
        } else if (message.type === 'result' && env.pending?.id === message.id) {
          const pending = env.pending;
          env.pending = undefined;
          pending.resolve(
            message.ok
              ? { ok: true, value: JSON.parse(message.payload) }
              : { ok: false, error: message.error },
          );
        }
      };
      worker.on('message', onMessage);
      worker.on('error', (error: Error) => {
        const lambdaError = crashError(error);
        resolve(lambdaError);
        this.#fail(env, lambdaError);
      });
      worker.on('exit', () => {
        resolve({ errorType: 'Runtime.ExitError', errorMessage: 'The execution environment exited.' });
        this.#fail(env, {
          errorType: 'Runtime.ExitError',
          errorMessage: 'The execution environment exited.',
        });
      });
    });
    this.#environments.add(env);
    return env;
  }

  #run(env: Environment, event: unknown): Promise<InvokeResult> {
    const id = this.#nextId++;
    const timeoutMs = this.config.timeoutSeconds * 1000;
    const awsRequestId = randomUUID();
    const started = Date.now();
    return new Promise<InvokeResult>((resolve) => {
      const timer = setTimeout(() => {
        // Lambda freezes and discards an environment that ran out of time; so do we.
        const seconds = ((Date.now() - started) / 1000).toFixed(2);
        this.#fail(env, {
          errorType: 'Sandbox.Timedout',
          errorMessage: `Task timed out after ${seconds} seconds`,
        });
        this.#discard(env);
      }, timeoutMs);
      env.pending = {
        id,
        resolve: (result) => {
          clearTimeout(timer);
          this.#options.onEvent(
            `REPORT RequestId: ${awsRequestId} Duration: ${Date.now() - started} ms`,
            'debug',
          );
          resolve(result);
        },
      };
      const message: InvokeMessage = {
        type: 'invoke',
        id,
        event: JSON.stringify(event),
        awsRequestId,
        deadline: started + timeoutMs,
      };
      env.worker.postMessage(message);
    });
  }

  #fail(env: Environment, error: LambdaError) {
    const pending = env.pending;
    env.pending = undefined;
    this.#environments.delete(env);
    pending?.resolve({ ok: false, error });
  }

  #discard(env: Environment) {
    clearTimeout(env.idleTimer);
    this.#environments.delete(env);
    void env.worker.terminate();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const workers = [...this.#environments].map((e) => e.worker);
    for (const env of this.#environments)
      this.#fail(env, { errorType: 'Runtime.Stopped', errorMessage: 'stopped' });
    await Promise.all(workers.map((w) => w.terminate()));
    for (const wake of this.#waiting.splice(0)) wake();
  }
}

function fail(errorType: string, errorMessage: string): InvokeResult {
  return { ok: false, error: { errorType, errorMessage } };
}

function crashError(error: Error): LambdaError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { errorType: 'Runtime.OutOfMemory', errorMessage: 'Runtime exited with error: out of memory' };
  }
  return {
    errorType: error.name === 'Error' ? 'Runtime.ExitError' : error.name,
    errorMessage: `Runtime exited with error: ${error.message}`,
    trace: (error.stack ?? '').split('\n'),
  };
}

import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Runs inside one worker thread = one Lambda execution environment: imports the handler bundle
 * once (the cold start), then runs one invocation at a time, as Lambda does. Events and results
 * cross as JSON text, as they do on Lambda, so a Date comes back as a string and `undefined` as null.
 * This file is bundled on its own and loaded without any TypeScript loader.
 */
export interface RuntimeInit {
  handlerUrl: string;
  handlerExport: string;
  handler: string;
  functionName: string;
  memorySize: number;
  logGroupName: string;
  logStreamName: string;
  invokedFunctionArn: string;
}

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: string;
  awsRequestId: string;
  deadline: number;
}

export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type RuntimeMessage =
  | { type: 'output'; text: string }
  | { type: 'ready' }
  | { type: 'init-error'; error: LambdaError }
  | { type: 'result'; id: number; ok: true; payload: string }
  | { type: 'result'; id: number; ok: false; error: LambdaError };

const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

const init = workerData as RuntimeInit;
const port = parentPort!;
let requestId: string | undefined;

// Output goes to the parent in one message per invocation (before its result), not through the
// worker's stdout stream, whose flow control costs a message round trip for every read.
let output: string[] = [];
let flushScheduled = false;
function flushOutput() {
  flushScheduled = false;
  if (output.length === 0) return;
  port.postMessage({ type: 'output', text: output.join('') } satisfies RuntimeMessage);
  output = [];
}
function capture(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
  output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushOutput);
  }
  const done = typeof encoding === 'function' ? encoding : callback;
  if (typeof done === 'function') done();
  return true;
}
process.stdout.write = capture as typeof process.stdout.write;
process.stderr.write = capture as typeof process.stderr.write;

// Lambda's Node.js runtime prefixes console output with the time, the request id and the level.
const LEVELS = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
} as const;
for (const [method, level] of Object.entries(LEVELS)) {
  (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    process.stdout.write(
      `${new Date().toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${format(...args)}\n`,
    );
  };
}

if ((process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

function toLambdaError(error: unknown): LambdaError {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error) };
}

type Handler = (
  event: unknown,
  context: unknown,
  callback?: (error: unknown, result?: unknown) => void,
) => unknown;

function callHandler(handler: Handler, event: unknown, context: unknown): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  // Callback-style handler: whichever of the callback and a returned promise settles first wins.
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(resolve, reject);
    }
  });
}

async function main() {
  let handler: Handler;
  try {
    const mod = (await import(init.handlerUrl)) as Record<string, unknown>;
    const candidate =
      mod[init.handlerExport] ?? (mod.default as Record<string, unknown> | undefined)?.[init.handlerExport];
    if (typeof candidate !== 'function') {
      const error = {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${init.handler} is undefined or not exported`,
      };
      flushOutput();
      port.postMessage({ type: 'init-error', error } satisfies RuntimeMessage);
      return;
    }
    handler = candidate as Handler;
  } catch (error) {
    flushOutput();
    port.postMessage({ type: 'init-error', error: toLambdaError(error) } satisfies RuntimeMessage);
    return;
  }
  port.on('message', async (message: InvokeMessage) => {
    requestId = message.awsRequestId;
    const context = {
      awsRequestId: message.awsRequestId,
      functionName: init.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: init.invokedFunctionArn,
      memoryLimitInMB: String(init.memorySize),
      logGroupName: init.logGroupName,
      logStreamName: init.logStreamName,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    };
    let reply: RuntimeMessage;
    try {
      const result = await callHandler(handler, JSON.parse(message.event), context);
      const payload = JSON.stringify(result === undefined ? null : result);
      reply =
        Buffer.byteLength(payload) > MAX_RESPONSE_BYTES
          ? {
              type: 'result',
              id: message.id,
              ok: false,
              error: {
                errorType: 'Function.ResponseSizeTooLarge',
                errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
              },
            }
          : { type: 'result', id: message.id, ok: true, payload };
    } catch (error) {
      const lambdaError = toLambdaError(error);
      console.error('Invoke Error', JSON.stringify({ ...lambdaError, stack: lambdaError.trace }));
      reply = { type: 'result', id: message.id, ok: false, error: lambdaError };
    }
    flushOutput();
    port.postMessage(reply);
  });
  flushOutput();
  port.postMessage({ type: 'ready' } satisfies RuntimeMessage);
}

void main();

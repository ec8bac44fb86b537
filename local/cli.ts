import { banner, readyLine } from './banner';
import { parseCliArgs, USAGE } from './cli-args';
import { signalGate } from './cli-signals';
import { UserFacingError } from './errors';
import { createConsoleLogger } from './log';
import { type LocalStack, startLocalStack } from './stack/start-local-stack';

/**
 * `npm start` / `npm run emulators`. Problems the developer can fix end in one line and exit 1;
 * SIGINT and SIGTERM stop everything that was started and exit 0; a second signal more than a
 * second into the stop exits at once (DynamoDB Local is still killed on the way out); see cli-signals.ts.
 */
const colour = Boolean(process.stdout.isTTY && !process.env.NO_COLOR);

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = createConsoleLogger({
    level: options.verbose ? 'debug' : options.quiet ? 'warn' : 'info',
    colour,
  });
  let stack: LocalStack | undefined;
  let interrupted = false;
  const verdictFor = signalGate();

  const shutdown = async (signal: NodeJS.Signals) => {
    const verdict = verdictFor();
    if (verdict === 'duplicate') return;
    if (verdict === 'exit-now') {
      log.print(`${signal} again: exiting now.`);
      process.exit(1);
    }
    interrupted = true;
    if (!stack) return; // still starting: the startup path stops what it started
    log.print(`\n${signal}: stopping the local stack...`);
    await stack.stop();
    log.print('Stopped.');
    process.exit(0);
  };
  // The last line of defence behind each server's own guard (request-guard.ts): one bad request
  // or one failed background task is reported, and every other part of the stack keeps serving.
  process.on('uncaughtException', (error) =>
    log.error('runtime', `unexpected error: ${error.stack ?? error}`),
  );
  process.on('unhandledRejection', (reason) =>
    log.error('runtime', `unexpected error: ${(reason as Error)?.stack ?? String(reason)}`),
  );
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));
  // A closed terminal must not leave Java behind either.
  process.on('SIGHUP', (s) => void shutdown(s));

  try {
    stack = await startLocalStack({
      ...(options.port !== undefined ? { webPort: options.port } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      reset: options.reset,
      freePorts: options.freePorts,
      emulatorsOnly: options.emulatorsOnly,
      throttling: options.throttling,
      logger: log,
    });
  } catch (error) {
    if (error instanceof UserFacingError) fail(error.message);
    fail(`The local stack could not start: ${(error as Error).stack ?? (error as Error).message}`);
  }
  if (interrupted) {
    await stack.stop();
    process.exit(0);
  }
  log.print(banner(stack, { colour, cwd: process.cwd() }));
  log.print(readyLine(stack.info));
}

void main();

import { UserFacingError } from './errors';

/** `npm start -- [options]`: the few choices a developer makes when starting the local stack. */
export interface CliOptions {
  port?: number;
  reset: boolean;
  dataDir?: string;
  freePorts: boolean;
  emulatorsOnly: boolean;
  throttling: boolean;
  verbose: boolean;
  quiet: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start -- [options]     (or: npx tsx local/cli.ts [options])

  --port N           web app port (default 5173; 0 picks a free port)
  --free-ports       free ports for the APIs and emulators instead of the fixed defaults
  --data-dir DIR     where data is kept between runs (default .local/)
  --reset            wipe the data directory before starting
  --emulators-only   only DynamoDB Local, S3 and Cognito, plus env.json for sam local start-api
  --no-throttle      ignore the APIs' throttling settings
  --verbose          also show debug output (cold starts, invocation reports)
  --quiet            only warnings, errors, codes and the banner (no request lines)
  --help             show this help`;

export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    reset: false,
    freePorts: false,
    emulatorsOnly: false,
    throttling: true,
    verbose: false,
    quiet: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--'))
        throw new UserFacingError(`${name} needs a value. Run with --help for usage.`);
      return v;
    };
    switch (name) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UserFacingError('--port needs a port number between 0 and 65535.');
        }
        options.port = port;
        break;
      }
      case '--data-dir':
        options.dataDir = value();
        break;
      case '--reset':
        options.reset = true;
        break;
      case '--free-ports':
        options.freePorts = true;
        break;
      case '--emulators-only':
        options.emulatorsOnly = true;
        break;
      case '--no-throttle':
        options.throttling = false;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UserFacingError(`Unknown option ${arg}. Run with --help for usage.`);
    }
  }
  return options;
}

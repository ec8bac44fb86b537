/**
 * The runtime's console output: one readable line per event, prefixed by the part of the stack
 * it comes from, coloured only on a terminal so that piped output (tests, CI) stays plain text.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(scope: string, message: string): void;
  info(scope: string, message: string): void;
  warn(scope: string, message: string): void;
  error(scope: string, message: string): void;
  /** A line printed as is, whatever the level (banner, confirmation codes, READY). */
  print(line: string): void;
  level: LogLevel;
}

const COLOURS = { dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, bold: 1 } as const;
export type Colour = keyof typeof COLOURS;

export function paint(text: string, colour: Colour, enabled: boolean): string {
  return enabled ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text;
}

const LEVEL_COLOUR: Record<Exclude<LogLevel, 'silent'>, Colour> = {
  debug: 'dim',
  info: 'cyan',
  warn: 'yellow',
  error: 'red',
};

export interface ConsoleLoggerOptions {
  level?: LogLevel;
  colour?: boolean;
  write?: (line: string) => void;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const colour = options.colour ?? Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger: Logger = {
    level: options.level ?? 'info',
    debug: (scope, message) => emit('debug', scope, message),
    info: (scope, message) => emit('info', scope, message),
    warn: (scope, message) => emit('warn', scope, message),
    error: (scope, message) => emit('error', scope, message),
    print: (line) => write(line),
  };
  function emit(level: Exclude<LogLevel, 'silent'>, scope: string, message: string) {
    if (RANK[level] < RANK[logger.level]) return;
    const time = new Date().toISOString().slice(11, 23);
    const tag = paint(scope.padEnd(14), LEVEL_COLOUR[level], colour);
    const text = level === 'error' ? paint(message, 'red', colour) : message;
    write(`${paint(time, 'dim', colour)} ${tag} ${text}`);
  }
  return logger;
}

/** A logger that keeps everything in memory (tests) or drops it. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createConsoleLogger({ level, colour: false, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}

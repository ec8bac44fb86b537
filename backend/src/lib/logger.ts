/**
 * Minimal structured logger: one JSON object per line on stdout. Written to stdout directly
 * (not console.*) so the Lambda runtime does not prefix the line and it stays valid JSON.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = LEVELS[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? LEVELS.info;

// Anything that could carry a credential or a presigned URL never reaches a log line.
const SECRET_KEY = /authori[sz]ation|token|password|secret|signature|cookie|url/i;

let context: Record<string, unknown> = {};

export function setLogContext(fields: Record<string, unknown>): void {
  context = { ...fields };
}

function redact(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (value === null || typeof value !== 'object') return value;
  // Past this depth nothing is inspected, so nothing is printed: it could hold a secret (or a cycle).
  if (depth > 4) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold) return;
  const line = {
    timestamp: new Date().toISOString(),
    level,
    message,
    function: process.env.AWS_LAMBDA_FUNCTION_NAME,
    ...(redact(context) as Record<string, unknown>),
    ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};

import type { LogLevel } from './log';

/**
 * A line a handler wrote, made readable in the runtime's console: the backend's JSON log lines
 * become `message {fields}` at their level, Lambda-style console lines (`time\trequestId\tLEVEL\ttext`)
 * become `text` at theirs, anything else is shown as it is.
 */
export function formatHandlerLine(line: string): { level: Exclude<LogLevel, 'silent'>; text: string } {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const { level, message, timestamp: _t, function: _f, ...fields } = entry;
      const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      return { level: toLevel(level), text: `${String(message ?? '')}${rest}` };
    } catch {
      // not JSON after all
    }
  }
  const parts = line.split('\t');
  if (parts.length >= 4 && /^\d{4}-\d{2}-\d{2}T/.test(parts[0]!)) {
    return { level: toLevel(parts[2]), text: parts.slice(3).join('\t') };
  }
  return { level: 'info', text: line };
}

function toLevel(value: unknown): Exclude<LogLevel, 'silent'> {
  const level = String(value ?? '').toLowerCase();
  if (level === 'error' || level === 'fatal') return 'error';
  if (level === 'warn' || level === 'warning') return 'warn';
  if (level === 'debug' || level === 'trace') return 'debug';
  return 'info';
}

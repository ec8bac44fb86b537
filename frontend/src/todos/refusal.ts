import { ApiError } from '../errors';
import { describeError } from '../ui/messages';

/** A path the API may name for a field a form shows under another one, with the form's own words. */
export type Alias = { field: string; message: string };

/** Why a value sent was refused; `named` when the refusal named its field (it can be shown there). */
export type Refusal = { message: string; named: boolean };

/**
 * Which of the fields sent (`changes`) a 400 refused, each with why: those its details name (a
 * path not sent may stand for a field that was, through `aliases`: `repeat` for a cleared due
 * date), or, when it names none of them, every field sent (which one was wrong cannot be told,
 * and sending them again would be refused again), with what the server said. Null for any other
 * failure.
 */
export function refusedFields(
  changes: object,
  error: unknown,
  aliases: Readonly<Record<string, Alias>> = {},
): Record<string, Refusal> | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const sent = Object.keys(changes);
  const named: Record<string, Refusal> = {};
  for (const { path, message } of error.details) {
    const top = path.split('.')[0] ?? '';
    const alias = aliases[top];
    if (sent.includes(top)) named[top] ??= { message, named: true };
    else if (alias && sent.includes(alias.field))
      named[alias.field] ??= { message: alias.message, named: true };
  }
  if (Object.keys(named).length > 0) return named;
  const why = { message: describeError(error), named: false };
  return Object.fromEntries(sent.map((key) => [key, why]));
}

/**
 * The values of one form part that the server refused, held back until they are edited: a field
 * whose value is still the one refused reads as invalid, with the server's reason.
 */
export class Refused<K extends string> {
  readonly #held = new Map<K, Refusal & { value: unknown }>();

  /** Holds `keys`' values in `changes` that `error` refused; true when it holds one. */
  take(
    keys: readonly K[],
    changes: Partial<Record<K, unknown>>,
    error: unknown,
    aliases?: Record<string, Alias>,
  ) {
    const refused = refusedFields(changes, error, aliases);
    let held = false;
    for (const key of keys) {
      const refusal = refused?.[key];
      if (refusal === undefined || changes[key] === undefined) continue;
      this.#held.set(key, { ...refusal, value: changes[key] });
      held = true;
    }
    return held;
  }

  /** Why `value` cannot be sent as `key`, if it is the value refused; a changed value is sendable again. */
  problem(key: K, value: unknown): Refusal | null {
    const held = this.#held.get(key);
    if (!held) return null;
    if (held.value === value) return { message: held.message, named: held.named };
    this.#held.delete(key);
    return null;
  }
}

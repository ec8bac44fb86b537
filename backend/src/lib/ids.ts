import { monotonicFactory } from 'ulid';
import { NotFoundError } from './errors';

const next = monotonicFactory();
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** ULIDs: unique and time-ordered, so sorting by id sorts by creation time. */
export function newId(): string {
  return next();
}

export function isId(value: string): boolean {
  return ULID.test(value);
}

/** A path id that is not one of ours cannot name anything: 404, exactly like a missing one. */
export function requireId(value: string | undefined, what: 'Todo' | 'File'): string {
  if (!value || !isId(value)) throw new NotFoundError(what);
  return value;
}

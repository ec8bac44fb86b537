import { monotonicFactory } from 'ulid';

const next = monotonicFactory();
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** ULIDs: unique and time-ordered, so sorting by id sorts by creation time. */
export function newId(): string {
  return next();
}

export function isId(value: string): boolean {
  return ULID.test(value);
}

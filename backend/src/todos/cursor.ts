import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../lib/errors';
import { isId } from '../lib/ids';

/** Where a listing stopped: the last key read, in the table or in the index the listing used. */
export interface CursorPosition {
  todoId: string;
  dueSort?: string;
  positionKey?: string;
}

/**
 * Opaque pagination cursors: the position, MAC'd together with the caller's id and the
 * listing's scope (its sort and filters), so that an altered cursor, one issued to another
 * user, or one reused for another listing is refused with 400 instead of being obeyed.
 */
export interface CursorCodec {
  encode(userId: string, position: CursorPosition, scope?: string): string;
  decode(userId: string, cursor: string, scope?: string): CursorPosition;
}

const DUE_SORT = /^(?:\d{4}-\d{2}-\d{2}|~)#([0-9A-HJKMNP-TV-Z]{26})$/;
const POSITION_KEY = /^[\x21-\x7e]{1,64} ([0-9A-HJKMNP-TV-Z]{26})$/;

function wellFormed(value: unknown): value is CursorPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { todoId, dueSort, positionKey, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof todoId !== 'string' || !isId(todoId)) return false;
  if (dueSort !== undefined && (typeof dueSort !== 'string' || DUE_SORT.exec(dueSort)?.[1] !== todoId))
    return false;
  if (
    positionKey !== undefined &&
    (typeof positionKey !== 'string' || POSITION_KEY.exec(positionKey)?.[1] !== todoId)
  )
    return false;
  return true;
}

export function createCursorCodec(secret: string): CursorCodec {
  const mac = (userId: string, scope: string, payload: string) =>
    createHmac('sha256', secret).update(`${userId}\n${scope}\n${payload}`).digest().subarray(0, 16);

  // Named like every other bad field, so a client can point at what it sent.
  const invalid = () =>
    new ValidationError(
      'The cursor is invalid or expired.',
      [{ path: 'cursor', message: 'Not a cursor this listing issued to you.' }],
      'INVALID_CURSOR',
    );

  return {
    encode(userId, position, scope = '') {
      const payload = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
      return `${payload}.${mac(userId, scope, payload).toString('base64url')}`;
    },
    decode(userId, cursor, scope = '') {
      const [payload, signature, ...rest] = cursor.split('.');
      if (!payload || !signature || rest.length > 0) throw invalid();
      // Compare the text, not decoded bytes: base64 decoding ignores a final character's spare
      // bits, so a decoded comparison would accept altered cursors that decode alike.
      const given = Buffer.from(signature, 'utf8');
      const expected = Buffer.from(mac(userId, scope, payload).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let position: unknown;
      try {
        position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (!wellFormed(position)) throw invalid();
      return position;
    },
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../lib/errors';
import { isId } from '../lib/ids';

/**
 * Opaque pagination cursors: the last todo id, MAC'd together with the caller's id so that an
 * altered cursor, or one issued to another user, is refused with 400 instead of being obeyed.
 */
export interface CursorCodec {
  encode(userId: string, lastTodoId: string): string;
  decode(userId: string, cursor: string): string;
}

export function createCursorCodec(secret: string): CursorCodec {
  const mac = (userId: string, payload: string) =>
    createHmac('sha256', secret).update(`${userId}\n${payload}`).digest().subarray(0, 16);

  const invalid = () => new ValidationError('The cursor is invalid or expired.', undefined, 'INVALID_CURSOR');

  return {
    encode(userId, lastTodoId) {
      const payload = Buffer.from(lastTodoId, 'utf8').toString('base64url');
      return `${payload}.${mac(userId, payload).toString('base64url')}`;
    },
    decode(userId, cursor) {
      const [payload, signature, ...rest] = cursor.split('.');
      if (!payload || !signature || rest.length > 0) throw invalid();
      // Compare the text, not decoded bytes: base64 decoding ignores a final character's spare
      // bits, so a decoded comparison would accept altered cursors that decode alike.
      const given = Buffer.from(signature, 'utf8');
      const expected = Buffer.from(mac(userId, payload).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      const todoId = Buffer.from(payload, 'base64url').toString('utf8');
      if (!isId(todoId)) throw invalid();
      return todoId;
    },
  };
}

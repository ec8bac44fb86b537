import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCursorCodec } from './cursor';
import { cursorCodecFromEnv } from './cursor-codec-from-env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('cursorCodecFromEnv', () => {
  it('with CURSOR_SECRET_ARN, signs with the secret read from Secrets Manager, read once', async () => {
    process.env.CURSOR_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:1:secret:s';
    delete process.env.CURSOR_SECRET;
    const load = vi.fn(async () => 'from-secrets-manager');
    const cursors = cursorCodecFromEnv(load);
    expect(load).not.toHaveBeenCalled(); // nothing is fetched at import
    const [a, b] = await Promise.all([cursors(), cursors()]);
    expect(a).toBe(b);
    const expected = createCursorCodec('from-secrets-manager').encode('u', { todoId: '01J' });
    expect(a.encode('u', { todoId: '01J' })).toBe(expected);
    await cursors();
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith('arn:aws:secretsmanager:us-east-1:1:secret:s');
  });

  it('retries a failed read on the next request', async () => {
    process.env.CURSOR_SECRET_ARN = 'arn:s';
    const load = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue('k');
    const cursors = cursorCodecFromEnv(load);
    await expect(cursors()).rejects.toThrow('down');
    await expect(cursors()).resolves.toBeDefined();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('without an ARN, takes the plain test value, and fails at import with neither', async () => {
    delete process.env.CURSOR_SECRET_ARN;
    process.env.CURSOR_SECRET = 'plain';
    const load = vi.fn();
    expect((await cursorCodecFromEnv(load)()).encode('u', { todoId: 'x' })).toBe(
      createCursorCodec('plain').encode('u', { todoId: 'x' }),
    );
    expect(load).not.toHaveBeenCalled();
    delete process.env.CURSOR_SECRET;
    expect(() => cursorCodecFromEnv(load)).toThrow(/CURSOR_SECRET/);
  });
});

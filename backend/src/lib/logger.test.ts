import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureStdout } from '../../test/support/stdout';

// The threshold is read at import: log everything in this file so that nothing is filtered out
// by level (a redaction test that prints nothing would prove nothing).
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'debug';
});
const { logger, setLogContext } = await import('./logger');
afterAll(() => {
  process.env.LOG_LEVEL = 'error';
});

const SECRET = 'SECRET-VALUE-7f3a';
let stdout: ReturnType<typeof captureStdout>;
beforeEach(() => {
  setLogContext({});
  stdout = captureStdout();
});
afterEach(() => stdout.restore());

describe('logger output', () => {
  it('writes exactly one JSON object per line, with level, message, timestamp and fields', () => {
    // Act
    logger.info('todo created', { todoId: 't1', count: 2 });
    logger.warn('second line');
    // Assert
    const text = stdout.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = stdout.lines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'info', message: 'todo created', todoId: 't1', count: 2 });
    expect(Number.isNaN(Date.parse(String(lines[0]?.timestamp)))).toBe(false);
    expect(lines[1]).toMatchObject({ level: 'warn', message: 'second line' });
  });

  it('prints the name and message of a logged error so operators can diagnose it', () => {
    // Act
    logger.error('failed', {
      error: Object.assign(new Error('table missing'), { name: 'ResourceNotFoundException' }),
    });
    // Assert
    expect(stdout.lines()[0]?.error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'table missing',
    });
  });

  it('includes the request context in every line', () => {
    // Arrange
    setLogContext({ requestId: 'req-1', route: 'GET /todos' });
    // Act
    logger.info('one');
    logger.error('two');
    // Assert
    for (const line of stdout.lines())
      expect(line).toMatchObject({ requestId: 'req-1', route: 'GET /todos' });
  });
});

describe('logger redaction', () => {
  const secretKeys = [
    'authorization',
    'Authorization',
    'token',
    'accessToken',
    'id_token',
    'refreshToken',
    'password',
    'newPassword',
    'url',
    'downloadUrl',
    'presignedURL',
    'secret',
    'cookie',
    'signature',
  ];

  it.each(secretKeys)('never prints the value of a top-level "%s" field', (key) => {
    // Act
    logger.error('event', { [key]: SECRET, kept: 'visible' });
    // Assert
    expect(stdout.text()).not.toContain(SECRET);
    expect(stdout.lines()[0]).toMatchObject({ kept: 'visible' });
  });

  it.each(secretKeys)('never prints the value of a nested "%s" field, in objects or arrays', (key) => {
    // Act
    logger.error('event', {
      request: { headers: { [key]: SECRET } },
      items: [{ [key]: SECRET }, [{ [key]: SECRET }]],
    });
    // Assert
    expect(stdout.text()).not.toContain(SECRET);
  });

  it('never prints a secret field however deeply it is nested', () => {
    // Arrange
    let nested: Record<string, unknown> = { token: SECRET };
    for (let i = 0; i < 10; i += 1) nested = { level: nested };
    // Act
    logger.error('deep', { nested });
    // Assert
    expect(stdout.text()).not.toContain(SECRET);
  });

  it('never prints a secret field put in the request context', () => {
    // Arrange
    setLogContext({ requestId: 'req-2', authorization: `Bearer ${SECRET}` });
    // Act
    logger.info('request');
    // Assert
    expect(stdout.text()).not.toContain(SECRET);
    expect(stdout.lines()[0]).toMatchObject({ requestId: 'req-2' });
  });

  it('does not throw on a circular structure', () => {
    // Arrange
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    // Act
    const write = () => logger.error('circular', { circular });
    // Assert
    expect(write).not.toThrow();
    expect(stdout.lines()[0]).toMatchObject({ message: 'circular' });
  });
});

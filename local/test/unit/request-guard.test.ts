import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { guardRequests, pathForLog, tryDecode } from '../../request-guard';

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(
  handler: Parameters<typeof guardRequests>[0],
  onError: Parameters<typeof guardRequests>[1],
) {
  server = createServer(guardRequests(handler, onError));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const answer500 = (error: Error, _req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(500, { 'content-type': 'text/plain' });
  res.end(error.message);
};

describe('request guard', () => {
  it('turns a handler that throws into the service’s error answer', async () => {
    const url = await serve(() => {
      throw new URIError('URI malformed');
    }, answer500);
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([500, 'URI malformed']);
  });

  it('turns a rejected handler into the error answer, and the server keeps serving', async () => {
    let calls = 0;
    const url = await serve(async (_req, res) => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
      res.end('fine');
    }, answer500);
    expect((await fetch(url)).status).toBe(500);
    expect(await (await fetch(url)).text()).toBe('fine');
  });

  it('drops the connection when even the error answer fails', async () => {
    const url = await serve(
      () => {
        throw new Error('bad');
      },
      () => {
        throw new Error('worse');
      },
    );
    await expect(fetch(url)).rejects.toThrow();
  });

  it('decodes without throwing and keeps junk paths one short line in logs', () => {
    expect(tryDecode('%ff')).toBeUndefined();
    expect(tryDecode('a%20b')).toBe('a b');
    expect(pathForLog('/a\u0000b\nc')).toBe('/a?b?c');
    expect(pathForLog(`/${'x'.repeat(500)}`)).toMatch(/^\/x{119}… \(501 chars\)$/);
  });
});

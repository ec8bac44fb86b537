import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Wraps a request handler so that nothing one request does can take the process down: a throw or
 * a rejection becomes `onError`'s answer (in the service's own error format), and if even that
 * fails, the connection is dropped. The process-wide guard in cli.ts is the last line behind it.
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export function guardRequests(
  handler: RequestHandler,
  onError: (error: Error, req: IncomingMessage, res: ServerResponse) => void,
): RequestHandler {
  const fail = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    try {
      // A client that hung up mid-request (say, during a huge upload) is owed no answer.
      if (res.headersSent || req.socket.destroyed) res.destroy();
      else onError(error instanceof Error ? error : new Error(String(error)), req, res);
    } catch {
      res.destroy();
    }
  };
  return (req, res) => {
    try {
      const result = handler(req, res);
      if (result instanceof Promise) result.catch((error: unknown) => fail(error, req, res));
    } catch (error) {
      fail(error, req, res);
    }
  };
}

/** `decodeURIComponent` that answers undefined, not a URIError, for input that is not UTF-8 escapes. */
export function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A request path as a log line shows it: junk stays readable and one line long. */
export function pathForLog(path: string, max = 120): string {
  const clean = path.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length} chars)` : clean;
}

import { connect } from 'node:net';

/**
 * One raw HTTP/1.1 exchange over a socket, for requests no HTTP client would send (undecodable
 * paths, control characters, broken framing). Resolves with the status (0 when the server closed
 * the connection without answering), headers and body of the first response.
 */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const parsed = parseResponse(text);
      // A complete response (by content-length) need not wait for the close.
      const length = Number(parsed.headers['content-length']);
      if (parsed.status && Number.isFinite(length) && Buffer.byteLength(parsed.body, 'latin1') >= length) {
        socket.destroy();
        done();
      }
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset the connection while we are still writing a huge body.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return done();
      clearTimeout(timer);
      reject(error);
    });
    socket.write(bytes);
  });
}

function parseResponse(text: string): RawResponse {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/') || headerEnd < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, headerEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(headerEnd + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  while (rest.length) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!size) break;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 4 + size);
  }
  return out;
}

/** A request line and headers (and optional body) as bytes, `Connection: close` added. */
export function rawHttp(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body: Buffer | string = '',
): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]);
}

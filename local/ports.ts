import { createServer, type Server } from 'node:net';
import { PortInUseError } from './errors';

// Ports this process has handed out. A port picked here may stay unbound for seconds (DynamoDB
// Local's JVM starting), and the OS may offer the same number again meanwhile: never reuse one.
const handedOut = new Set<number>();

/** A TCP port that was free a moment ago (the OS picks it), never one this process picked before. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await unusedPort();
    if (!handedOut.has(port) || attempt >= 50) {
      handedOut.add(port);
      return port;
    }
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** True when nothing listens on `port` (so we can bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    // Only "in use" means busy: a host without IPv6 answers EADDRNOTAVAIL for ::1, which is no conflict.
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code !== 'EADDRINUSE' && error.code !== 'EACCES'),
    );
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Fail fast, naming the port and what it was for, before anything is started. */
export async function assertPortsFree(ports: { port: number; purpose: string }[]) {
  for (const { port, purpose } of ports) {
    if (port === 0) continue;
    // Browsers resolve localhost to either address; a server on ::1 only would still shadow ours.
    for (const host of ['127.0.0.1', '::1']) {
      if (!(await isPortFree(port, host))) throw new PortInUseError(port, purpose);
    }
  }
}

/** One address to listen on, or several (the first one's port is used for the others). */
export type ListenHosts = string | readonly string[];

export const hostList = (hosts: ListenHosts): string[] => (typeof hosts === 'string' ? [hosts] : [...hosts]);

function listenOnce(server: Server, port: number, host: string, purpose: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, purpose) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * `server.listen` as a promise; a busy port becomes a PortInUseError saying what it was for.
 * Further addresses get listeners of their own that hand each connection to `server`, and
 * close with it.
 */
export async function listen(
  server: Server,
  port: number,
  hosts: ListenHosts,
  purpose: string,
): Promise<number> {
  const [first = '127.0.0.1', ...others] = hostList(hosts);
  const bound = await listenOnce(server, port, first, purpose);
  for (const host of others) {
    const extra = createServer((socket) => server.emit('connection', socket));
    try {
      await listenOnce(extra, bound, host, purpose);
    } catch (error) {
      server.close();
      throw error;
    }
    server.once('close', () => extra.close());
  }
  return bound;
}

/** Close a server and the keep-alive connections that would otherwise hold `close()` open. */
export function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { LOOPBACK } from '../listen-hosts';
import { closeServer, hostList, type ListenHosts, listen } from '../ports';

/**
 * aws-ses-v2-local (npm), the SES v2 API with an inbox instead of delivery, started in this
 * process. Every email it accepts is handed to `onEmail` (printed like the confirmation codes) and
 * stays readable at `<endpoint>/store` and in its web view at `<endpoint>/`.
 */
export interface LocalEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Epoch seconds. */
  at: number;
}

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

// A CommonJS package: its server and its in-memory store (the same module instance the server uses).
const require = createRequire(import.meta.url);
const startServer = (
  require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<Server> }
).default;
const store = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly(): { emails: LocalEmail[] } };

export async function startSesV2Local(options: {
  port: number;
  host: ListenHosts;
  publicHost: string;
  onEmail(email: LocalEmail): void;
}): Promise<RunningSes> {
  // The package listens on one address; further ones (Docker's bridge) hand it their connections.
  const [first = LOOPBACK, ...others] = hostList(options.host);
  const server = await startServer({ host: first, port: options.port });
  const extras: NetServer[] = [];
  for (const host of others) {
    const extra = createNetServer((socket) => server.emit('connection', socket));
    extras.push(extra);
    await listen(extra, (server.address() as AddressInfo).port, host, 'SES (aws-ses-v2-local)');
  }
  let seen = store.getStoreReadonly().emails.length;
  server.on('request', (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/email/outbound')) return;
    res.on('finish', () => {
      const { emails } = store.getStoreReadonly();
      if (emails.length < seen) seen = 0; // the inbox was cleared (POST /clear-store)
      for (const email of emails.slice(seen)) options.onEmail(email);
      seen = emails.length;
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.publicHost}:${port}`,
    stop: async () => {
      await Promise.all(extras.map((extra) => new Promise((done) => extra.close(done))));
      await closeServer(server);
    },
  };
}

/** The console's view of one email: who it is for, its subject, and its text indented below. */
export function emailLines(email: LocalEmail): string {
  const to = email.destination.to.join(', ');
  const text = (email.body.text ?? '')
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`);
  return [`Email to ${to}: ${email.subject}`, ...text].join('\n');
}

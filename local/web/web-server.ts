import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, type ListenHosts, listen } from '../ports';
import { guardRequests, tryDecode } from '../request-guard';

/**
 * The web app on one port: `/config.json` (the same file the deploy writes next to the built app,
 * here with local values) and everything else from Vite in middleware mode, with hot reload over
 * the same port. Until `frontend/index.html` exists, a plain page says the web app is not there yet.
 */
export interface WebServerOptions {
  port: number;
  host: ListenHosts;
  publicHost: string;
  rootDir: string;
  /** The config.json document; null while the stack is still starting. */
  config(): Record<string, unknown> | null;
  /** Extra links for the placeholder page. */
  links(): Record<string, string>;
  log(level: 'info' | 'warn', message: string): void;
}

export interface RunningWebServer {
  port: number;
  url: string;
  mode: 'vite' | 'placeholder';
  stop(): Promise<void>;
}

function placeholder(links: Record<string, string>): string {
  const items = Object.entries(links)
    .map(([name, url]) => `<li>${name}: <a href="${url}">${url}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Todo app (local)</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The web app is not built yet</h1>
<p>The local stack is running, but there is no <code>frontend/index.html</code> to serve. Once the web app
exists, it is served here, with <a href="/config.json">/config.json</a> pointing it at the local stack.</p>
<ul>${items}</ul>
</body></html>`;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const frontendDir = join(options.rootDir, 'frontend');
  const hasApp = existsSync(join(frontendDir, 'index.html'));
  let middleware: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) | undefined;
  const server = createServer(
    guardRequests(serve, (error, _req, res) => {
      options.log('warn', `request failed: ${error.message}`);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal server error');
    }),
  );
  function serve(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    // What a static host answers to a path that does not decode; Vite would log a stack for it.
    if (tryDecode(path) === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request');
      return;
    }
    if (path === '/config.json') {
      const config = options.config();
      res.writeHead(config ? 200 : 503, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(config ?? { message: 'The local stack is still starting.' }, null, 2));
      return;
    }
    if (!middleware) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(placeholder(options.links()));
      return;
    }
    middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    });
  }
  const port = await listen(server, options.port, options.host, 'web app');
  let closeVite: (() => Promise<void>) | undefined;
  if (hasApp) {
    const { createServer: createViteServer } = await import('vite');
    const configFile = join(frontendDir, 'vite.config.ts');
    const vite = await createViteServer({
      ...(existsSync(configFile) ? { configFile } : { root: frontendDir, configFile: false }),
      // Hot reload rides on this server's port; no second port to open or to forward.
      server: { middlewareMode: true, hmr: { server } },
      appType: 'spa',
      clearScreen: false,
      logLevel: 'warn',
    });
    middleware = vite.middlewares;
    closeVite = () => vite.close();
  }
  return {
    port,
    url: `http://${options.publicHost}:${port}`,
    mode: hasApp ? 'vite' : 'placeholder',
    async stop() {
      await closeVite?.();
      await closeServer(server);
    },
  };
}

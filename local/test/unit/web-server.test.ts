import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../web/web-server';

const root = mkdtempSync(join(tmpdir(), 'local-web-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('web server without a web app', () => {
  it('says the web app is not built yet, and serves config.json once the stack is ready', async () => {
    let config: Record<string, unknown> | null = null;
    const web = await startWebServer({
      port: 0,
      host: '127.0.0.1',
      publicHost: 'localhost',
      rootDir: root,
      config: () => config,
      links: () => ({ TodosApi: 'http://localhost:3001' }),
      log: () => {},
    });
    try {
      expect(web.mode).toBe('placeholder');
      const page = await fetch(`${web.url}/todos/anything`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('The web app is not built yet');
      expect(html).toContain('http://localhost:3001');
      expect((await fetch(`${web.url}/config.json`)).status).toBe(503);
      config = { region: 'us-east-1' };
      const ready = await fetch(`${web.url}/config.json`);
      expect(ready.headers.get('cache-control')).toBe('no-store');
      expect(await ready.json()).toEqual({ region: 'us-east-1' });
    } finally {
      await web.stop();
    }
  });
});

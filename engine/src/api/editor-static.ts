/**
 * The policy editor, served from its build (editor/dist) at `/`. Any other GET outside the API
 * gets index.html, so the editor's own URLs survive a reload; the API, /docs, /openapi.json and
 * /healthz, /readyz and /metrics are mounted before this and answer first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { EDITOR_DIST_DIR } from '../paths';

const NOT_EDITOR = /^\/(v1|docs|openapi\.json|healthz|readyz|metrics)(\/|$)/;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dunwell</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Dunwell</h1>
<p>The policy editor has not been built. Run <code>pnpm start</code> from the repository root
(it builds the editor first), or <code>pnpm --filter @dunwell/editor build</code>, then restart the engine.</p>
<p>The API is up: <a href="/docs">API docs</a>, <a href="/openapi.json">OpenAPI document</a>.</p>
</body></html>`;

export function editorRouter(distDir: string = EDITOR_DIST_DIR) {
  const app = new Hono();
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('/', (c) => c.html(notBuiltPage));
    return app;
  }
  const files = serveStatic({ root: distDir });
  const indexPage = serveStatic({ root: distDir, path: 'index.html' });
  app.use('*', async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || NOT_EDITOR.test(c.req.path)) return next();
    // Hashed build assets never change, and a missing one is a 404, not the page; everything
    // else is revalidated, so a new build shows at once.
    if (c.req.path.startsWith('/assets/')) {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      return files(c, async () => {
        c.header('Cache-Control', undefined);
        await next();
      });
    }
    c.header('Cache-Control', 'no-cache');
    return files(c, async () => {
      const page = await indexPage(c, next);
      if (page) c.res = page;
    });
  });
  return app;
}

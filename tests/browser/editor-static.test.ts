/** The engine serves the editor's build at / with an SPA fallback, and leaves the API, docs and health check alone. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '@dunwell/engine/app';
import { describeEachStore } from '@dunwell/engine/store/testing';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1234.js"></script></body></html>';

describeEachStore('the editor served by the engine', (store) => {
  let dist: string;
  let app: ReturnType<typeof createApp>;
  let unbuilt: ReturnType<typeof createApp>;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'dunwell-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log("editor")');
    app = createApp(store.database, { editorDir: dist });
    unbuilt = createApp(store.database, { editorDir: join(dist, 'missing') });
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('serves index.html at / and for the editor’s own URLs, revalidated on every load', async () => {
    for (const path of ['/', '/policies/standard-b2b', '/index.html']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves the hashed assets with a long cache', async () => {
    const res = await app.request('/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const missing = await app.request('/assets/gone-0000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });

  it('leaves the API, the docs, the OpenAPI document and the health check as they are', async () => {
    expect((await app.request('/healthz')).headers.get('content-type')).toContain('application/json');
    expect(((await (await app.request('/openapi.json')).json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect(await (await app.request('/docs')).text()).toContain('SwaggerUIBundle');
    const policies = await app.request('/v1/policies');
    expect(policies.status).toBe(200);
    expect(await policies.json()).toHaveProperty('items');
    const unknown = await app.request('/v1/no-such-route');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'route_not_found' } });
    expect((await app.request('/somewhere', { method: 'POST' })).status).toBe(404);
  });

  it('says how to build the editor when it is not built', async () => {
    const res = await unbuilt.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('has not been built');
    expect((await unbuilt.request('/v1/policies')).status).toBe(200);
  });
});

import { beforeAll, expect, it } from 'vitest';

import { createApp } from '../app';
import { describeEachStore } from '../store/testing';
import { call, expectClientError, get, type App } from '../../test-support/api';

describeEachStore('service endpoints', (store) => {
  let app: App;
  beforeAll(() => {
    app = createApp(store.database);
  });

  it('serves an OpenAPI 3.1 document with the main paths', async () => {
    const reply = await get(app, '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(reply.body.openapi).toBe('3.1.0');
    expect(reply.body.info.title).toEqual(expect.any(String));
    const { paths } = reply.body;
    const expected: Array<[string, string]> = [
      ['/v1/decide', 'post'],
      ['/v1/decide/batch', 'post'],
      ['/v1/decisions', 'get'],
      ['/v1/decisions/{id}', 'get'],
      ['/v1/policies', 'post'],
      ['/v1/policies', 'get'],
      ['/v1/policies/{id}', 'get'],
      ['/v1/policies/{id}/draft', 'put'],
      ['/v1/policies/{id}/validate', 'post'],
      ['/v1/policies/{id}/versions', 'post'],
      ['/v1/policies/{id}/versions', 'get'],
      ['/v1/policies/{id}/versions/{version}', 'get'],
      ['/v1/policies/{id}/versions/{version}/rules', 'get'],
      ['/v1/policies/{id}/versions/{version}/activate', 'post'],
      ['/v1/policies/{id}/diff', 'get'],
      ['/v1/settings/default-policy', 'get'],
      ['/v1/settings/default-policy', 'put'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(paths['/v1/decide'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(paths['/v1/decide'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409', '422']),
    );
  });

  it('serves the interactive docs page as HTML, with its assets', async () => {
    const page = await get(app, '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<html');
    expect(page.text).toContain('/openapi.json');

    const script = await get(app, '/docs/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.text.length).toBeGreaterThan(10_000);
  });

  it('answers the health check', async () => {
    const reply = await get(app, '/healthz');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', database: store.target.name });
  });

  it('is ready when the database answers and it is not shutting down', async () => {
    const reply = await get(app, '/readyz');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({
      status: 'ready',
      checks: { database: 'ok', models: 'ok', accepting: 'ok' },
    });
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const unknown = await get(app, '/v1/nothing-here');
    expectClientError(unknown, 404, 'route_not_found');
    expect(unknown.body.error.message).toContain('/v1/nothing-here');
    expectClientError(await call(app, 'DELETE', '/v1/decide'), 404, 'route_not_found');
  });
});

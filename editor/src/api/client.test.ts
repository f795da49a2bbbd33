// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorText } from '.';

afterEach(() => vi.unstubAllGlobals());

const respond = (status: number, body: unknown) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );

describe('the API client', () => {
  it('sends the draft revision as If-Match and returns the saved draft', async () => {
    respond(200, { graph: { nodes: [], edges: [] }, revision: 4, diagnostics: [] });
    await expect(api.saveDraft('p1', { nodes: [], edges: [] }, 3)).resolves.toMatchObject({ revision: 4 });
    const request = vi.mocked(fetch).mock.calls[0]![0] as Request;
    expect(new URL(request.url).pathname).toBe('/v1/policies/p1/draft');
    expect(request.method).toBe('PUT');
    expect(request.headers.get('If-Match')).toBe('"3"');
    expect(await request.json()).toEqual({ graph: { nodes: [], edges: [] } });
  });

  it('turns an API error into an ApiError with the API’s own message and issues', async () => {
    respond(422, {
      error: {
        code: 'draft_has_errors',
        message: 'The draft has errors; fix them before publishing',
        issues: [{ path: 'n1', message: 'SPLIT_WEIGHTS: Split weights add up to 90%, not 100%' }],
      },
    });
    const error = await api.publish('p1', 'note').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(errorText(error)).toEqual({
      title: 'The draft has errors; fix them before publishing',
      details: ['n1: SPLIT_WEIGHTS: Split weights add up to 90%, not 100%'],
    });
  });

  it('says so when the engine cannot be reached, or answers without a JSON error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.listPolicies()).rejects.toThrow('The Dunwell engine cannot be reached');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })),
    );
    await expect(api.listPolicies()).rejects.toThrow('The engine answered 502 Bad Gateway');
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useEditor } from '../store';
import { loadPolicy } from '../test-utils';
import { publish, saveDraft } from './policy-actions';
import { NODE_SPECS } from '../nodes';

const reply = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const graph = { nodes: [{ id: 'start', kind: 'start' as const }], edges: [] };

afterEach(() => vi.unstubAllGlobals());

describe('saving and publishing', () => {
  it('offers to reload the saved draft when someone else saved first', async () => {
    loadPolicy(graph);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        reply(409, {
          error: {
            code: 'revision_mismatch',
            message: 'Draft of policy test-policy is at revision 5, not 1: it was changed by someone else.',
            issues: [],
          },
        }),
      ),
    );
    expect(await saveDraft()).toBe(false);
    const notice = useEditor.getState().notices.at(-1)!;
    expect(notice).toMatchObject({
      tone: 'error',
      title: expect.stringContaining('changed by someone else'),
      action: { label: 'Reload the saved draft' },
    });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        reply(200, {
          id: 'test-policy',
          name: 'Test policy',
          description: '',
          activeVersion: 2,
          isDefault: false,
          draft: {
            revision: 5,
            diagnostics: [],
            graph: {
              nodes: [
                { id: 'start', kind: 'start' },
                { id: 'halt', kind: 'stop', reason: 'paid' },
              ],
              edges: [],
            },
          },
        }),
      ),
    );
    notice.action!.run();
    await vi.waitFor(() => expect(useEditor.getState().policy?.revision).toBe(5));
    expect(useEditor.getState().nodes.map((n) => n.id)).toEqual(['start', 'halt']);
    expect(useEditor.getState().dirty).toBe(false);
  });

  it('saves unsaved edits before publishing, and reports the API’s refusal', async () => {
    loadPolicy(graph);
    useEditor.getState().addNode(NODE_SPECS.stop, { x: 0, y: 100 });
    const fetch = vi.fn(async (request: Request) =>
      request.method === 'PUT'
        ? reply(200, { graph, revision: 2, diagnostics: [] })
        : reply(409, {
            error: { code: 'nothing_to_publish', message: 'The draft is the same as the active version', issues: [] },
          }),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await publish('note', 'now')).toBe(false);
    expect(fetch.mock.calls.map(([request]) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'PUT /v1/policies/test-policy/draft',
      'POST /v1/policies/test-policy/versions',
    ]);
    expect(useEditor.getState().notices.at(-1)).toMatchObject({
      tone: 'error',
      title: 'Not published: The draft is the same as the active version',
    });
  });

  it('keeps an edit made while a save is in flight unsaved, with its own problems', async () => {
    loadPolicy(graph);
    useEditor.getState().addNode(NODE_SPECS.stop, { x: 0, y: 100 });
    let answer!: (response: Response) => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    const saving = saveDraft();
    // The user adds another step before the engine answers.
    useEditor.getState().addNode(NODE_SPECS.wait, { x: 0, y: 200 });
    const onCanvas = useEditor.getState().diagnostics;
    // The request leaves after the client's middleware has added the key.
    await vi.waitFor(() => expect(answer).toBeDefined());
    answer(reply(200, { graph, revision: 2, diagnostics: [] }));
    expect(await saving).toBe(true);
    const state = useEditor.getState();
    expect(state.policy?.revision).toBe(2);
    expect(state.dirty).toBe(true);
    expect(state.diagnostics).toBe(onCanvas);
    expect(state.diagnostics.some((d) => d.nodeId === 'wait-1')).toBe(true);
  });

  it('marks the draft saved when nothing changed while saving', async () => {
    loadPolicy(graph);
    useEditor.getState().addNode(NODE_SPECS.stop, { x: 0, y: 100 });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => reply(200, { graph, revision: 2, diagnostics: [] })),
    );
    expect(await saveDraft()).toBe(true);
    expect(useEditor.getState().dirty).toBe(false);
    expect(useEditor.getState().diagnostics).toEqual([]);
  });
});

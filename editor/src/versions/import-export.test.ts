import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exportDocument, parsePolicyDocument } from './import-export';

const sample = readFileSync(
  fileURLToPath(new URL('../../../engine/policies/standard-b2b.json', import.meta.url)),
  'utf8',
);

describe('policy documents as JSON', () => {
  it('imports the engine’s sample policy and exports it back to the same document', () => {
    const parsed = parsePolicyDocument(sample);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const { id, name, description, graph } = parsed.document;
    const exported = parsePolicyDocument(exportDocument({ id: id!, name, description: description ?? '' }, graph));
    expect(exported).toEqual(parsed);
  });

  it('says what is wrong with a file that is not a policy', () => {
    expect(parsePolicyDocument('{ nope')).toEqual({ ok: false, problems: ['The file is not JSON'] });
    const wrong = parsePolicyDocument(
      JSON.stringify({ name: '', graph: { nodes: [{ id: 'x', kind: 'teleport' }], edges: [] } }),
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? [] : wrong.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^name:/), expect.stringMatching(/^graph\.nodes\.0/)]),
    );
  });

  it('leaves out an id the document schema would refuse (ids created by the API can be UUIDs)', () => {
    const text = exportDocument({ id: 'Not A Slug', name: 'P', description: '' }, { nodes: [], edges: [] });
    expect(JSON.parse(text)).toEqual({ name: 'P', graph: { nodes: [], edges: [] } });
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { samplePolicy } from '../../test-support/policies';
import { canonicalJson, contentHash } from './hash';
import { type PolicyNode } from './nodes';
import { type PolicyGraph } from './schema';

/** Applies `change` to the node `id` of a fresh sample policy. */
function withNode(id: string, change: (node: PolicyNode) => void): PolicyGraph {
  const graph = samplePolicy();
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`sample policy has no node ${id}`);
  change(node);
  return graph;
}

function kindOf<K extends PolicyNode['kind']>(node: PolicyNode, kind: K): Extract<PolicyNode, { kind: K }> {
  if (node.kind !== kind) throw new Error(`node ${node.id} is a ${node.kind}, not a ${kind}`);
  return node as Extract<PolicyNode, { kind: K }>;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('contentHash: layout is not content', () => {
  const base = contentHash(samplePolicy());

  it('is a sha256 in hex, the same every time for the same graph', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash(samplePolicy())).toBe(base);
  });

  it('ignores node positions', () => {
    const graph = samplePolicy();
    graph.nodes.forEach((n, i) => {
      n.position = { x: 1000 - i * 37.5, y: -i * 12 };
    });
    expect(contentHash(graph)).toBe(base);
  });

  it('ignores nodes without a position at all', () => {
    const graph = samplePolicy();
    graph.nodes.forEach((n) => {
      delete n.position;
    });
    expect(contentHash(graph)).toBe(base);
  });

  it('ignores node widths and heights', () => {
    const graph = samplePolicy();
    graph.nodes.forEach((n, i) => {
      n.width = 100 + i;
      n.height = 40 + 2 * i;
    });
    expect(contentHash(graph)).toBe(base);
  });

  it('ignores the viewport', () => {
    const graph = samplePolicy();
    graph.viewport = { x: -250, y: 80, zoom: 0.6 };
    expect(contentHash(graph)).toBe(base);
    delete graph.viewport;
    expect(contentHash(graph)).toBe(base);
  });

  it('ignores edge ids', () => {
    const graph = samplePolicy();
    graph.edges.forEach((e, i) => {
      e.id = `redrawn-${graph.edges.length - i}`;
    });
    expect(contentHash(graph)).toBe(base);
  });

  it('ignores the order of the node and edge arrays', () => {
    const graph = samplePolicy();
    graph.nodes.reverse();
    graph.edges.reverse();
    expect(contentHash(graph)).toBe(base);
    // A rotation too, so a sort that merely reverses would not pass.
    const rotated = samplePolicy();
    rotated.nodes.push(...rotated.nodes.splice(0, 5));
    rotated.edges.push(...rotated.edges.splice(0, 7));
    expect(contentHash(rotated)).toBe(base);
  });
});

describe('contentHash: content changes the hash', () => {
  const base = contentHash(samplePolicy());

  it.each<[string, () => PolicyGraph]>([
    [
      'a wait threshold',
      () =>
        withNode('due', (n) => {
          kindOf(n, 'wait').days = 2;
        }),
    ],
    [
      'a switch case threshold',
      () =>
        withNode('stage', (n) => {
          kindOf(n, 'switch').cases[0]!.predicate = {
            fact: 'daysPastDue',
            operator: 'greaterThanInclusive',
            value: 61,
          };
        }),
    ],
    [
      'a condition operator',
      () =>
        withNode('disputed', (n) => {
          kindOf(n, 'condition').predicate = { fact: 'disputed', operator: 'notEqual', value: false };
        }),
    ],
    [
      'a split weight',
      () =>
        withNode('ab', (n) => {
          const { arms } = kindOf(n, 'split');
          arms[0]!.weight = 60;
          arms[1]!.weight = 40;
        }),
    ],
    [
      'the order of switch cases',
      () =>
        withNode('stage', (n) => {
          kindOf(n, 'switch').cases.reverse();
        }),
    ],
    [
      'a node label',
      () =>
        withNode('disputed', (n) => {
          n.label = 'Is the invoice disputed?';
        }),
    ],
    [
      'a new node label',
      () =>
        withNode('email', (n) => {
          n.label = 'Friendly reminder';
        }),
    ],
    [
      'a case label',
      () =>
        withNode('stage', (n) => {
          kindOf(n, 'switch').cases[2]!.label = 'Strategic accounts';
        }),
    ],
    [
      'an action template',
      () =>
        withNode('email', (n) => {
          kindOf(n, 'action').action.template = 'reminder-2';
        }),
    ],
    [
      'an action priority',
      () =>
        withNode('call', (n) => {
          kindOf(n, 'action').action.priority = 'urgent';
        }),
    ],
    [
      'a stop reason',
      () =>
        withNode('stop-promise', (n) => {
          kindOf(n, 'stop').reason = 'paid';
        }),
    ],
    [
      'an edge re-wired to another target',
      () => {
        const graph = samplePolicy();
        graph.edges.find((e) => e.id === 'e15')!.target = 'sms';
        return graph;
      },
    ],
    [
      'the outputs of a condition swapped',
      () => {
        const graph = samplePolicy();
        const yes = graph.edges.find((e) => e.id === 'e14')!;
        const no = graph.edges.find((e) => e.id === 'e15')!;
        [yes.target, no.target] = [no.target, yes.target];
        return graph;
      },
    ],
    [
      'an edge removed',
      () => {
        const graph = samplePolicy();
        graph.edges = graph.edges.filter((e) => e.id !== 'e15');
        return graph;
      },
    ],
    [
      'a node renamed',
      () => {
        const graph = samplePolicy();
        graph.nodes.find((n) => n.id === 'letter')!.id = 'paper-letter';
        graph.edges.find((e) => e.id === 'e15')!.target = 'paper-letter';
        return graph;
      },
    ],
  ])('changes with %s', (_, changed) => {
    expect(contentHash(changed())).not.toBe(base);
  });
});

describe('contentHash: what is hashed', () => {
  it('is the sha256 of the RFC 8785 JSON of nodes without layout and edges without ids, each sorted', () => {
    const graph: PolicyGraph = {
      nodes: [
        { id: 's', kind: 'stop', reason: 'paid', position: { x: 5, y: 6 }, width: 10 },
        { id: 'a', kind: 'start', position: { x: 1, y: 2 } },
      ],
      edges: [{ id: 'edge-1', source: 'a', sourceHandle: 'next', target: 's' }],
      viewport: { x: 0, y: 0, zoom: 2 },
    };
    // Written by hand: keys in code-unit order, no whitespace, no layout, no edge id.
    const canonical =
      '{"edges":[{"source":"a","sourceHandle":"next","target":"s"}],"nodes":[{"id":"a","kind":"start"},{"id":"s","kind":"stop","reason":"paid"}]}';
    expect(contentHash(graph)).toBe(`sha256:${sha256Hex(canonical)}`);
  });
});

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // The RFC's order: the emoji (surrogates D83D DE00) sorts before U+FB33, unlike code point order.
    const expected =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    expect(canonicalJson(input)).toBe(expected);
  });

  it('serialises the RFC 8785 section 3.2.2 example exactly', () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`) as unknown;
    const expected =
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"` +
      '\u20ac' +
      String.raw`$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(input)).toBe(expected);
  });

  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [Number.MIN_VALUE, '5e-324'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('formats the number %s as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
    expect(canonicalJson({ n: value })).toBe(`{"n":${text}}`);
  });

  it('sorts keys at every depth, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }, 'x'], a: { d: true, c: null } })).toBe(
      '{"a":{"c":null,"d":true},"b":[{"a":2,"z":1},"x"]}',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { kind: 'stop', id: 's', reason: 'paid' };
    const two = { reason: 'paid', id: 's', kind: 'stop' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('leaves out properties whose value is undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

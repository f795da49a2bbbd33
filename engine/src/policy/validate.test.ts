import { describe, expect, it } from 'vitest';
import {
  actionNode,
  conditionNode,
  edge,
  letterNode,
  samplePolicy,
  startNode,
  stopNode,
  waitNode,
} from '../../test-support/policies';
import { compilePolicy } from './compile';
import { DIAGNOSTIC_CODES, hasErrors, type Diagnostic, type DiagnosticCode } from './diagnostics';
import { type PolicyNode } from './nodes';
import { type Comparison } from './predicate';
import { graphSchema, type PolicyEdge, type PolicyGraph } from './schema';
import { validateGraph } from './validate';

/** Where a diagnostic points: what the editor needs to put it on the right node or edge. */
interface Target {
  severity: Diagnostic['severity'];
  nodeId?: string;
  edgeId?: string;
  /** Checked when given: a string must equal the path, a RegExp must match it. */
  path?: string | RegExp;
}

interface Case {
  /** What the graph gets wrong, in words. */
  problem: string;
  graph: PolicyGraph;
  /** Every diagnostic of this code the graph must produce, in any order. */
  expected: Target[];
  /** Other codes the problem cannot occur without (default none): the graph yields exactly these besides. */
  unavoidable?: DiagnosticCode[];
}

const g = (nodes: PolicyNode[], edges: PolicyEdge[]): PolicyGraph => ({ nodes, edges });

/** start -> <node> with both outputs of a condition leading to their own stop. */
const aroundCondition = (node: PolicyNode): PolicyGraph =>
  g(
    [startNode(), node, stopNode('s-yes'), stopNode('s-no')],
    [edge('e1', 'start', 'next', node.id), edge('e2', node.id, 'yes', 's-yes'), edge('e3', node.id, 'no', 's-no')],
  );

const CASES: Record<DiagnosticCode, Case> = {
  NO_START: {
    problem: 'a policy without a start step',
    graph: g([stopNode('s')], []),
    expected: [{ severity: 'error' }],
  },
  MULTIPLE_STARTS: {
    problem: 'two start steps',
    graph: g(
      [startNode('a'), startNode('b'), stopNode('s')],
      [edge('e1', 'a', 'next', 's'), edge('e2', 'b', 'next', 's')],
    ),
    expected: [
      { severity: 'error', nodeId: 'a' },
      { severity: 'error', nodeId: 'b' },
    ],
  },
  DUPLICATE_ID: {
    problem: 'two steps with the same id',
    graph: g([startNode(), stopNode('s', 'paid'), stopNode('s', 'disputed')], [edge('e1', 'start', 'next', 's')]),
    expected: [{ severity: 'error', nodeId: 's' }],
  },
  DANGLING_EDGE: {
    problem: 'a connection from a step that does not exist',
    graph: g(
      [startNode(), stopNode('s')],
      [edge('e1', 'start', 'next', 's'), edge('ghost-edge', 'ghost', 'next', 's')],
    ),
    expected: [{ severity: 'error', edgeId: 'ghost-edge' }],
  },
  INVALID_HANDLE: {
    problem: 'a connection from an output the condition does not have',
    graph: g(
      [
        startNode(),
        conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }),
        stopNode('s1'),
        stopNode('s2'),
      ],
      [
        edge('e1', 'start', 'next', 'c'),
        edge('e2', 'c', 'yes', 's1'),
        edge('e3', 'c', 'no', 's2'),
        edge('e-maybe', 'c', 'maybe', 's2'),
      ],
    ),
    expected: [{ severity: 'error', nodeId: 'c', edgeId: 'e-maybe' }],
  },
  DUPLICATE_EDGE: {
    problem: 'one output connected to two steps',
    graph: g(
      [
        startNode(),
        conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }),
        stopNode('s1'),
        stopNode('s2'),
        stopNode('s3'),
      ],
      [
        edge('e1', 'start', 'next', 'c'),
        edge('e2', 'c', 'yes', 's1'),
        edge('e3', 'c', 'yes', 's2'),
        edge('e4', 'c', 'no', 's3'),
      ],
    ),
    expected: [{ severity: 'error', nodeId: 'c', edgeId: 'e3' }],
  },
  EDGE_INTO_START: {
    // From a reachable step this would be a loop; from any other step, that step is unreachable.
    problem: 'a connection back into the start',
    graph: g(
      [startNode(), stopNode('s'), conditionNode('orphan', { fact: 'disputed', operator: 'equal', value: true })],
      [edge('e1', 'start', 'next', 's'), edge('e-back', 'orphan', 'yes', 'start'), edge('e3', 'orphan', 'no', 's')],
    ),
    expected: [{ severity: 'error', edgeId: 'e-back' }],
    unavoidable: ['UNREACHABLE_NODE'],
  },
  CYCLE: {
    problem: 'a loop between a condition and a wait, with a stop below it',
    graph: g(
      [
        startNode(),
        conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }),
        waitNode('w', 'daysPastDue', 3),
        stopNode('s'),
      ],
      [
        edge('e1', 'start', 'next', 'c'),
        edge('e2', 'c', 'yes', 'w'),
        edge('e3', 'w', 'next', 'c'),
        edge('e4', 'c', 'no', 's'),
      ],
    ),
    // The stop below the loop is not part of it.
    expected: [
      { severity: 'error', nodeId: 'c' },
      { severity: 'error', nodeId: 'w' },
    ],
  },
  UNREACHABLE_NODE: {
    problem: 'a step nothing leads to',
    graph: g([startNode(), stopNode('s'), stopNode('lonely')], [edge('e1', 'start', 'next', 's')]),
    expected: [{ severity: 'error', nodeId: 'lonely' }],
  },
  MISSING_BRANCH: {
    problem: 'a condition whose "no" output is not connected',
    graph: g(
      [startNode(), conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }), stopNode('s')],
      [edge('e1', 'start', 'next', 'c'), edge('e2', 'c', 'yes', 's')],
    ),
    expected: [{ severity: 'error', nodeId: 'c', path: 'no' }],
  },
  DEAD_END: {
    problem: 'a condition with no output connected, so the path ends in no terminal',
    graph: g(
      [startNode(), conditionNode('c', { fact: 'disputed', operator: 'equal', value: true })],
      [edge('e1', 'start', 'next', 'c')],
    ),
    expected: [{ severity: 'error', nodeId: 'c' }],
  },
  UNKNOWN_FACT: {
    problem: 'the second comparison of a condition tests a fact the catalogue does not have',
    graph: aroundCondition(
      conditionNode('c', {
        all: [
          { fact: 'disputed', operator: 'equal', value: false },
          { fact: 'moonPhase', operator: 'equal', value: 'full' },
        ],
      }),
    ),
    expected: [{ severity: 'error', nodeId: 'c', path: /^predicate\b.*1\]?$/ }],
  },
  INVALID_OPERATOR: {
    problem: 'a yes/no fact compared with greaterThan, in the second case of a switch',
    graph: g(
      [
        startNode(),
        {
          id: 'sw',
          kind: 'switch',
          cases: [
            { id: 'big', predicate: { fact: 'amount', operator: 'greaterThan', value: 1000 } },
            { id: 'disp', predicate: { fact: 'disputed', operator: 'greaterThan', value: true } },
          ],
        },
        stopNode('s1'),
        stopNode('s2'),
        stopNode('s3'),
      ],
      [
        edge('e1', 'start', 'next', 'sw'),
        edge('e2', 'sw', 'big', 's1'),
        edge('e3', 'sw', 'disp', 's2'),
        edge('e4', 'sw', 'default', 's3'),
      ],
    ),
    expected: [{ severity: 'error', nodeId: 'sw', path: /^cases\.1\b/ }],
  },
  INVALID_VALUE: {
    problem: 'a segment that is not one of the catalogue\u2019s values',
    graph: aroundCondition(conditionNode('c', { fact: 'segment', operator: 'equal', value: 'galactic' })),
    expected: [{ severity: 'error', nodeId: 'c', path: /^predicate\b/ }],
  },
  DUPLICATE_HANDLE: {
    problem: 'two switch cases with the same name',
    graph: g(
      [
        startNode(),
        {
          id: 'sw',
          kind: 'switch',
          cases: [
            { id: 'a', predicate: { fact: 'amount', operator: 'greaterThan', value: 10 } },
            { id: 'a', predicate: { fact: 'amount', operator: 'greaterThan', value: 100 } },
          ],
        },
        stopNode('s1'),
        stopNode('s2'),
      ],
      [edge('e1', 'start', 'next', 'sw'), edge('e2', 'sw', 'a', 's1'), edge('e3', 'sw', 'default', 's2')],
    ),
    expected: [{ severity: 'error', nodeId: 'sw' }],
  },
  SPLIT_WEIGHTS: {
    problem: 'split weights adding up to 90',
    graph: g(
      [
        startNode(),
        {
          id: 'sp',
          kind: 'split',
          arms: [
            { id: 'A', weight: 50 },
            { id: 'B', weight: 40 },
          ],
        },
        stopNode('s1'),
        stopNode('s2'),
      ],
      [edge('e1', 'start', 'next', 'sp'), edge('e2', 'sp', 'A', 's1'), edge('e3', 'sp', 'B', 's2')],
    ),
    expected: [{ severity: 'error', nodeId: 'sp' }],
  },
  INVALID_WAIT_FACT: {
    problem: 'a wait on an amount, not a day count',
    graph: g(
      [startNode(), waitNode('w', 'amount', 3), stopNode('s')],
      [edge('e1', 'start', 'next', 'w'), edge('e2', 'w', 'next', 's')],
    ),
    expected: [{ severity: 'error', nodeId: 'w' }],
  },
  MISSING_TARGET: {
    problem: 'an escalation that does not say to whom',
    graph: g([startNode(), actionNode('esc', { type: 'escalate' })], [edge('e1', 'start', 'next', 'esc')]),
    expected: [{ severity: 'error', nodeId: 'esc' }],
  },
  MISSING_REASON: {
    problem: 'a stop without a reason',
    graph: g([startNode(), { id: 'halt', kind: 'stop', reason: '' }], [edge('e1', 'start', 'next', 'halt')]),
    expected: [{ severity: 'error', nodeId: 'halt' }],
  },
  INVALID_FALLBACK: {
    problem: 'an email whose fallback is email',
    graph: g(
      [startNode(), actionNode('mail', { type: 'email', fallback: 'email' })],
      [edge('e1', 'start', 'next', 'mail')],
    ),
    expected: [{ severity: 'error', nodeId: 'mail' }],
  },
  NO_CONSENT_CHECK: {
    problem: 'an email with no fallback and no consent check on the way',
    graph: g([startNode(), actionNode('mail', { type: 'email' })], [edge('e1', 'start', 'next', 'mail')]),
    expected: [{ severity: 'warning', nodeId: 'mail' }],
  },
};

const byTarget = (a: Target, b: Target): number =>
  `${a.nodeId ?? ''}\u001f${a.edgeId ?? ''}`.localeCompare(`${b.nodeId ?? ''}\u001f${b.edgeId ?? ''}`);

describe('validateGraph: one case per diagnostic code', () => {
  it('has a case for every diagnostic code, and no case for a code that does not exist', () => {
    expect(Object.keys(CASES).sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });

  describe.each(DIAGNOSTIC_CODES.map((code) => ({ code })))('$code', ({ code }) => {
    const testCase = CASES[code] as Case | undefined;

    it(`is reported for ${testCase?.problem ?? 'a graph with that problem (no case written yet)'}`, () => {
      expect(testCase, `no test case for ${code}`).toBeDefined();
      const { graph, expected, unavoidable = [] } = testCase!;
      // The graph is one the API accepts and stores: the problem is in its meaning, not its shape.
      expect(graphSchema.safeParse(graph).success).toBe(true);

      const diagnostics = validateGraph(graph);
      const ofCode = diagnostics.filter((d) => d.code === code);
      expect(ofCode.map(({ severity, nodeId, edgeId }) => ({ severity, nodeId, edgeId })).sort(byTarget)).toEqual(
        expected.map(({ severity, nodeId, edgeId }) => ({ severity, nodeId, edgeId })).sort(byTarget),
      );
      for (const d of ofCode) {
        expect(d.message.trim().length).toBeGreaterThan(10);
        const wanted = expected.find((t) => t.nodeId === d.nodeId && t.edgeId === d.edgeId)!;
        if (typeof wanted.path === 'string') expect(d.path).toBe(wanted.path);
        if (wanted.path instanceof RegExp) expect(d.path).toMatch(wanted.path);
      }
      // Exactly that problem (and what it cannot occur without).
      const others = [...new Set(diagnostics.map((d) => d.code).filter((c) => c !== code))].sort();
      expect(others).toEqual([...unavoidable].sort());
    });
  });
});

describe('validateGraph: variants and neighbours', () => {
  it('reports two connections sharing an id on the second connection', () => {
    const graph = g(
      [
        startNode(),
        conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }),
        stopNode('s1'),
        stopNode('s2'),
      ],
      [edge('e1', 'start', 'next', 'c'), edge('dup', 'c', 'yes', 's1'), edge('dup', 'c', 'no', 's2')],
    );
    expect(validateGraph(graph)).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_ID', severity: 'error', edgeId: 'dup' }),
    ]);
  });

  it('reports a connection leaving an action as an invalid output of that action', () => {
    const graph = g(
      [startNode(), letterNode('a'), stopNode('s')],
      [edge('e1', 'start', 'next', 'a'), edge('e-after', 'a', 'next', 's')],
    );
    expect(validateGraph(graph)).toEqual([
      expect.objectContaining({ code: 'INVALID_HANDLE', severity: 'error', nodeId: 'a', edgeId: 'e-after' }),
    ]);
  });

  it('reports a connection to a step that does not exist', () => {
    const graph = g(
      [startNode(), conditionNode('c', { fact: 'disputed', operator: 'equal', value: true }), stopNode('s')],
      [edge('e1', 'start', 'next', 'c'), edge('e2', 'c', 'yes', 's'), edge('e3', 'c', 'no', 'nowhere')],
    );
    const diagnostics = validateGraph(graph);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'DANGLING_EDGE', severity: 'error', edgeId: 'e3' }),
    );
    // ...and its output counts as not connected.
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'MISSING_BRANCH', nodeId: 'c', path: 'no' }));
  });

  it('reports a switch whose default is not connected as a missing branch', () => {
    const graph = g(
      [
        startNode(),
        {
          id: 'sw',
          kind: 'switch',
          cases: [{ id: 'big', predicate: { fact: 'amount', operator: 'greaterThan', value: 10 } }],
        },
        stopNode('s'),
      ],
      [edge('e1', 'start', 'next', 'sw'), edge('e2', 'sw', 'big', 's')],
    );
    expect(validateGraph(graph)).toEqual([
      expect.objectContaining({ code: 'MISSING_BRANCH', severity: 'error', nodeId: 'sw', path: 'default' }),
    ]);
  });

  it('refuses a share written as a percentage, saying what was meant, and an emptied value', () => {
    const messages = (value: number | string) =>
      validateGraph(aroundCondition(conditionNode('c', { fact: 'lateRate', operator: 'greaterThanInclusive', value })))
        .filter((d) => d.code === 'INVALID_VALUE')
        .map((d) => d.message);
    expect(messages(0.5)).toEqual([]);
    expect(messages(1)).toEqual([]);
    expect(messages(50)).toEqual(['Late rate is from 0% to 100%, and 50 would mean 5,000%; for 50%, the value is 0.5']);
    expect(messages(-0.1)).toEqual(['Late rate is from 0% to 100%, and -0.1 would mean -10%']);
    expect(messages('')).toEqual(['Late rate needs a value']);
    // A utilisation above 100% is real (over the limit): no range, no problem.
    const over = aroundCondition(
      conditionNode('c', { fact: 'creditUtilization', operator: 'greaterThan', value: 1.5 }),
    );
    expect(validateGraph(over).filter((d) => d.code === 'INVALID_VALUE')).toEqual([]);
  });

  it('names outputs in problems as the canvas labels them, never by their ids', () => {
    const graph = g(
      [
        startNode(),
        {
          id: 'sw',
          kind: 'switch',
          cases: [
            { id: 'case-1', label: '10+ days', predicate: { fact: 'daysPastDue', operator: 'greaterThan', value: 10 } },
            { id: 'case-2', predicate: { fact: 'daysPastDue', operator: 'greaterThan', value: 5 } },
          ],
        },
        stopNode('s'),
      ],
      [edge('e1', 'start', 'next', 'sw'), edge('e2', 'sw', 'default', 's')],
    );
    expect(validateGraph(graph).map((d) => d.message)).toEqual([
      'The “10+ days” output is not connected',
      'The “case 2” output is not connected',
    ]);
  });

  it('reports a switch case named "default" as a duplicate output', () => {
    const graph = g(
      [
        startNode(),
        {
          id: 'sw',
          kind: 'switch',
          cases: [{ id: 'default', predicate: { fact: 'amount', operator: 'greaterThan', value: 10 } }],
        },
        stopNode('s'),
      ],
      [edge('e1', 'start', 'next', 'sw'), edge('e2', 'sw', 'default', 's')],
    );
    expect(validateGraph(graph).map((d) => [d.code, d.nodeId])).toContainEqual(['DUPLICATE_HANDLE', 'sw']);
  });

  it.each([
    ['a number where a yes/no is needed', { fact: 'disputed', operator: 'equal', value: 1 }],
    ['a text where a number is needed', { fact: 'amount', operator: 'greaterThan', value: '1000' }],
    ['a fraction for a whole-day count', { fact: 'daysPastDue', operator: 'equal', value: 1.5 }],
    ['a single value for "in"', { fact: 'segment', operator: 'in', value: 'enterprise' }],
    ['an empty list for "notIn"', { fact: 'segment', operator: 'notIn', value: [] }],
    ['a list for "equal"', { fact: 'amount', operator: 'equal', value: [1, 2] }],
    ['an unknown currency in a list', { fact: 'currency', operator: 'in', value: ['EUR', 'XYZ'] }],
  ] satisfies Array<[string, Comparison]>)('reports %s as an invalid value', (_, comparison) => {
    const diagnostics = validateGraph(aroundCondition(conditionNode('c', comparison)));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', severity: 'error', nodeId: 'c' })]);
  });

  it.each([
    ['enum with lessThan', { fact: 'segment', operator: 'lessThan', value: 'enterprise' }],
    ['yes/no with in', { fact: 'disputed', operator: 'in', value: ['true'] }],
  ] satisfies Array<[string, Comparison]>)('reports an operator not valid for the fact type (%s)', (_, comparison) => {
    const diagnostics = validateGraph(aroundCondition(conditionNode('c', comparison)));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'INVALID_OPERATOR', severity: 'error', nodeId: 'c' }),
    ]);
  });

  it('does not warn about consent when the channel has a fallback or consent is checked on the way', () => {
    const withFallback = g(
      [startNode(), actionNode('mail', { type: 'email', fallback: 'letter' })],
      [edge('e1', 'start', 'next', 'mail')],
    );
    expect(validateGraph(withFallback)).toEqual([]);

    const checked = g(
      [
        startNode(),
        conditionNode('ok', { fact: 'emailAllowed', operator: 'equal', value: true }),
        actionNode('mail', { type: 'email' }),
        letterNode('post'),
      ],
      [edge('e1', 'start', 'next', 'ok'), edge('e2', 'ok', 'yes', 'mail'), edge('e3', 'ok', 'no', 'post')],
    );
    expect(validateGraph(checked)).toEqual([]);
  });

  it('only warns about consent: a graph with warnings alone has no errors and compiles', () => {
    const graph = CASES.NO_CONSENT_CHECK.graph;
    const diagnostics = validateGraph(graph);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(hasErrors(diagnostics)).toBe(false);
    expect(() => compilePolicy(graph, { policyId: 'p', version: 1 })).not.toThrow();
  });
});

describe('validateGraph: whole graphs', () => {
  it('finds nothing wrong with the sample policy, which compiles', () => {
    const graph = samplePolicy();
    expect(graphSchema.safeParse(graph).success).toBe(true);
    const diagnostics = validateGraph(graph);
    expect(diagnostics).toEqual([]);
    expect(hasErrors(diagnostics)).toBe(false);
    expect(compilePolicy(graph, { policyId: 'sample', version: 1 }).rules.length).toBeGreaterThan(0);
  });

  it('returns every problem at once', () => {
    const graph = samplePolicy();
    // 1. split weights no longer add up to 100,
    const ab = graph.nodes.find((n) => n.id === 'ab')!;
    if (ab.kind !== 'split') throw new Error('sample changed: ab is not a split');
    ab.arms[1]!.weight = 30;
    // 2. a condition tests a fact the catalogue does not have,
    const disputed = graph.nodes.find((n) => n.id === 'disputed')!;
    if (disputed.kind !== 'condition') throw new Error('sample changed: disputed is not a condition');
    disputed.predicate = { fact: 'isDisputed', operator: 'equal', value: true };
    // 3. and a step nothing leads to.
    graph.nodes.push(stopNode('forgotten'));

    const diagnostics = validateGraph(graph);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SPLIT_WEIGHTS', nodeId: 'ab' }),
        expect.objectContaining({ code: 'UNKNOWN_FACT', nodeId: 'disputed' }),
        expect.objectContaining({ code: 'UNREACHABLE_NODE', nodeId: 'forgotten' }),
      ]),
    );
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(
      new Set(['SPLIT_WEIGHTS', 'UNKNOWN_FACT', 'UNREACHABLE_NODE']),
    );
    expect(() => compilePolicy(graph, { policyId: 'p', version: 1 })).toThrow(/SPLIT_WEIGHTS/);
  });

  it('does not change the graph it validates', () => {
    const graph = CASES.CYCLE.graph;
    const before = structuredClone(graph);
    validateGraph(graph);
    expect(graph).toEqual(before);
  });
});

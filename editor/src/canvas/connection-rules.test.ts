import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-rules';

const nodes = [
  { id: 'start', type: 'start' },
  { id: 'a', type: 'condition' },
  { id: 'b', type: 'wait' },
  { id: 'c', type: 'action' },
];
const edges = [
  { source: 'start', sourceHandle: 'next', target: 'a' },
  { source: 'a', sourceHandle: 'yes', target: 'b' },
];
const wire = (source: string, sourceHandle: string | null, target: string) =>
  connectionProblem(nodes, edges, { source, sourceHandle, target });

describe('connections refused while dragging', () => {
  it('accepts a new connection from a free output', () => {
    expect(wire('a', 'no', 'c')).toBeUndefined();
    expect(wire('b', 'next', 'c')).toBeUndefined();
  });

  it('refuses a loop, directly or through other steps', () => {
    expect(wire('b', 'next', 'a')).toMatch(/loop/);
    expect(wire('b', 'next', 'b')).toMatch(/itself/);
  });

  it('refuses a second connection from the same output', () => {
    expect(wire('a', 'yes', 'c')).toMatch(/already connected/);
  });

  it('refuses connections into the start and from no handle', () => {
    expect(wire('b', 'next', 'start')).toMatch(/start/);
    expect(wire('b', null, 'c')).toBeDefined();
  });
});

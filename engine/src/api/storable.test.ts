import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, unstorable } from './storable';

describe('text PostgreSQL cannot store', () => {
  it('names each NUL and lone surrogate by its path, in values and keys', () => {
    const issues = unstorable({
      invoiceId: 'INV-\u00001',
      lines: [{ note: 'ok' }, { note: 'a\ud800b' }],
      extra: { 'k\u0000': 1, fine: '🧾 paired surrogates are fine' },
      tail: '\udfff',
    });
    expect(issues.map((i) => i.path)).toEqual(['invoiceId', 'lines.1.note', 'extra."k\\u0000"', 'tail']);
    expect(issues[0]!.message).toMatch(/NUL/);
    expect(issues[1]!.message).toMatch(/surrogate/);
  });

  it('accepts ordinary text, numbers, dates and nulls', () => {
    expect(unstorable({ a: 'Café ↯ 🧾', b: [1, null, true], c: new Date(), d: '' })).toEqual([]);
  });

  it('refuses nesting deeper than its limit, without running out of stack on far deeper input', () => {
    const deep = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n));
    expect(unstorable(deep(MAX_DEPTH))).toEqual([]);
    expect(unstorable(deep(MAX_DEPTH + 1))).toHaveLength(1);
    expect(unstorable({ extra: deep(200_000) })[0]!.path).toMatch(/^extra(\.0)+$/);
  });

  it('finds the one bad string among a million', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => `INV-${i}`);
    many[999_999] = 'x\u0000';
    expect(unstorable({ many }).map((i) => i.path)).toEqual(['many.999999']);
  });
});

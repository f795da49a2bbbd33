/**
 * Input PostgreSQL cannot store, found before it reaches the store: NUL (refused by text and
 * jsonb alike) and lone UTF-16 surrogates (they have no UTF-8 form: jsonb refuses their escapes,
 * and a text column would silently get U+FFFD), in values and keys; and nesting deeper than jsonb
 * should hold. One linear walk, with its own stack, so no input is too deep to check.
 */
import { type ErrorIssue } from '../errors';

const UNSTORABLE = /[\0\p{Cs}]/u;
/** Deeper than any field of the API, far below where PostgreSQL's jsonb parser runs out of stack. */
export const MAX_DEPTH = 64;

const why = (s: string) =>
  s.includes('\0') ? 'Text cannot contain the NUL character (\\u0000)' : 'Text cannot contain a lone UTF-16 surrogate';

/** Every place in `value` that cannot be stored, each named by its path (the first 20). */
export function unstorable(value: unknown): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  while (stack.length > 0 && issues.length < 20) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) issues.push({ path, message: why(v) });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) {
        issues.push({ path, message: `Nested deeper than ${MAX_DEPTH} levels` });
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: at(path, i), depth: depth + 1 });
      } else if (!(v instanceof Date)) {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          if (UNSTORABLE.test(key)) issues.push({ path: at(path, JSON.stringify(key)), message: `Key: ${why(key)}` });
          else stack.push({ value: (v as Record<string, unknown>)[key], path: at(path, key), depth: depth + 1 });
        }
      }
    }
  }
  return issues;
}

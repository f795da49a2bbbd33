/**
 * The docs say what the code does: the fact catalogue, the error codes and the diagnostic codes are
 * listed exactly, and every link between the docs and into the code leads somewhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, FACTS } from '@dunwell/engine/policy';
import { ERROR_CODES } from '../../engine/src/errors';
import { STATUS } from '../../engine/src/api/errors';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The cells of a Markdown table's body rows whose first cell is a code span, by that code. */
function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const code = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (code) rows.set(code, cells.slice(1));
  }
  return rows;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(path.join(root, file)).isDirectory()) return markdownFiles(file);
    return file.endsWith('.md') ? [file] : [];
  });
}

describe('the docs match the code', () => {
  it('docs/facts.md lists every fact of the catalogue, with its group, type, unit and anchor, and no other', () => {
    const rows = tableRows(read('docs/facts.md'));
    expect([...rows.keys()]).toEqual(FACTS.map((f) => f.name));
    for (const fact of FACTS) {
      const [group, type, unit, anchor, meaning] = rows.get(fact.name)!;
      expect(group, fact.name).toBe(fact.group);
      expect(type!.startsWith(fact.type), fact.name).toBe(true);
      expect(unit, fact.name).toBe(fact.unit ?? '');
      expect(anchor, fact.name).toBe('anchor' in fact ? (fact.anchor ?? '') : '');
      expect(meaning, fact.name).toBe(fact.description);
    }
  });

  it('docs/errors.md lists every error code with the status it is answered with', () => {
    const rows = tableRows(read('docs/errors.md'));
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(rows.get(code)![0], code).toBe(String(STATUS[spec.kind]));
    }
  });

  it('docs/policy.md lists every validation code', () => {
    const rows = tableRows(read('docs/policy.md'));
    for (const code of DIAGNOSTIC_CODES) expect(rows.has(code), code).toBe(true);
  });

  it('every relative link in the README, CONTRIBUTING.md and docs/ leads to a file or folder that exists', () => {
    const files = ['README.md', 'CONTRIBUTING.md', ...markdownFiles('docs')];
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(path.resolve(root, path.dirname(file), target!))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

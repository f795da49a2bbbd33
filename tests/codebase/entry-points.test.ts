/**
 * What each entry point pulls in at run time: the editor bundle and training import the policy
 * core, features, ledger and model manifests without json-rules-engine, onnxruntime, the store or
 * database drivers. The import graph is walked with TypeScript's own module resolution; imports
 * of types only are erased at run time and not followed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const options: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  jsx: ts.JsxEmit.ReactJSX,
};

/** Module specifiers a file imports for their values. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause && !clause.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
    } else {
      if (statement.isTypeOnly) continue;
      const named = statement.exportClause;
      if (named && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly)) continue;
    }
    out.push(statement.moduleSpecifier.text);
  }
  return out;
}

/** Every workspace source file reachable from `entry`, and every package it imports by name. */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [path.join(root, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (/\.(css|svg|png)$/.test(specifier)) continue;
      if (!specifier.startsWith('.') && !specifier.startsWith('@dunwell/')) {
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
        continue;
      }
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (!resolved) throw new Error(`${path.relative(root, file)}: cannot resolve ${specifier}`);
      const target = ts.sys.realpath!(resolved.resolvedFileName);
      if (!target.includes('node_modules')) stack.push(target);
    }
  }
  return { files: new Set([...files].map((f) => path.relative(root, f))), packages };
}

const RUNTIME_ONLY = [
  'json-rules-engine',
  'onnxruntime-node',
  'postgres',
  '@electric-sql/pglite',
  'drizzle-orm',
  'hono',
];

describe('entry points import only what they use', () => {
  it.each(['policy', 'features', 'ledger', 'models'])(
    '@dunwell/engine/%s leaves out rules runtime, models runtime and store',
    (entry) => {
      const manifest = JSON.parse(readFileSync(path.join(root, 'engine/package.json'), 'utf8'));
      const { files, packages } = reachable(path.join('engine', manifest.exports[`./${entry}`]));
      expect([...packages].filter((p) => RUNTIME_ONLY.includes(p))).toEqual([]);
      expect([...files].filter((f) => /engine\/src\/(store|api|decide|models\/(registry|scorer))\b/.test(f))).toEqual(
        [],
      );
    },
  );

  it('the editor bundles the policy core but not its evaluator, and nothing of the engine\u2019s runtime', () => {
    const { files, packages } = reachable('editor/src/main.tsx');
    expect(files.has('engine/src/policy/index.ts')).toBe(true);
    expect(files.has('engine/src/policy/evaluator.ts')).toBe(false);
    expect([...files].filter((f) => f.startsWith('engine/src/') && !f.startsWith('engine/src/policy/'))).toEqual([]);
    expect([...packages].filter((p) => RUNTIME_ONLY.includes(p))).toEqual([]);
  });

  it('the engine\u2019s app does reach the runtime (the walk sees through re-exports)', () => {
    const { files, packages } = reachable('engine/src/app.ts');
    expect(files.has('engine/src/policy/rule-code.ts')).toBe(true);
    expect(packages.has('drizzle-orm')).toBe(true);
    expect(packages.has('onnxruntime-node')).toBe(true);
  });

  it('the engine runs rule sets with its own runner: json-rules-engine is the reference, for tests and the bench', () => {
    const { files, packages } = reachable('engine/src/main.ts');
    expect(files.has('engine/src/policy/evaluator.ts')).toBe(false);
    expect(packages.has('json-rules-engine')).toBe(false);
  });
});

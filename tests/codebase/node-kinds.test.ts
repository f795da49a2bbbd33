/**
 * A node kind lives in one engine module and one editor spec, and a kind that one of them does
 * not handle is a compile error, not a silent default at run time. Each case type-checks a
 * small file against the real sources with the project's own compiler settings.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The type errors of `source`, placed at `file` among the real sources of the project `tsconfig` names. */
function typeErrors(tsconfig: string, file: string, source: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const fileName = path.join(root, file);
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === fileName || fileExists.call(host, f);
  host.readFile = (f) => (f === fileName ? source : readFile.call(host, f));
  host.getSourceFile = (f, language, ...rest) =>
    f === fileName ? ts.createSourceFile(f, source, language) : getSourceFile.call(host, f, language, ...rest);
  const program = ts.createProgram([fileName], config.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('node kinds are handled everywhere or the code does not compile', () => {
  it('the engine: a registry that leaves a kind out', () => {
    const source = `
      import { type NodeKinds } from './index';
      import { actionKind } from './action';
      import { conditionKind } from './condition';
      import { splitKind } from './split';
      import { startKind } from './start';
      import { switchKind } from './switch';
      import { waitKind } from './wait';
      export const kinds: NodeKinds = {
        start: startKind, condition: conditionKind, switch: switchKind, split: splitKind, wait: waitKind, action: actionKind,
      };`;
    const errors = typeErrors('tsconfig.json', 'engine/src/policy/nodes/partial.ts', source);
    expect(errors.join('\n')).toMatch(/Property 'stop' is missing/);
    // The same file with every kind compiles: the error above is the missing kind, nothing else.
    const complete = source
      .replace(
        "import { waitKind } from './wait';",
        "import { waitKind } from './wait';\nimport { stopKind } from './stop';",
      )
      .replace('action: actionKind,', 'action: actionKind, stop: stopKind,');
    expect(typeErrors('tsconfig.json', 'engine/src/policy/nodes/partial.ts', complete)).toEqual([]);
  });

  it('the engine: a module whose step does not match its kind', () => {
    const source = `
      import { type NodeKinds } from './index';
      import { NODE_KINDS } from './index';
      export const kinds: NodeKinds = { ...NODE_KINDS, stop: NODE_KINDS.split };`;
    const errors = typeErrors('tsconfig.json', 'engine/src/policy/nodes/mismatched.ts', source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Property 'arms' is missing/);
  });

  it('the editor: a spec registry that leaves a kind out', () => {
    const source = `
      import { type NodeSpecs } from './spec';
      import { NODE_SPECS } from './index';
      const { stop: _left, ...others } = NODE_SPECS;
      export const specs: NodeSpecs = others;`;
    const errors = typeErrors('editor/tsconfig.json', 'editor/src/nodes/partial.ts', source);
    expect(errors.join('\n')).toMatch(/Property 'stop' is missing/);
  });

  it('the editor: a node component reads its own kind’s content without a cast', () => {
    const source = `
      import { type NodeProps } from '@xyflow/react';
      import { type FlowNodeOf } from '../canvas/flow-graph';
      export const reads = ({ data }: NodeProps<FlowNodeOf<'action'>>) => data.content.action.template;
      export const wrong = ({ data }: NodeProps<FlowNodeOf<'stop'>>) => data.content.action;`;
    const errors = typeErrors('editor/tsconfig.json', 'editor/src/nodes/reads.ts', source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Property 'action' does not exist/);
  });
});

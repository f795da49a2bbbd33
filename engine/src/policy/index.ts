/** The policy core: pure TypeScript shared by the engine, the editor and training. */
export * from './facts';
export * from './codes';
export * from './schema';
export * from './predicate';
export * from './graph';
export * from './validate';
export * from './hash';
export * from './split';
export * from './interpret';
export * from './ruleset';
export * from './compile';
export * from './evaluator';
export * from './diff';

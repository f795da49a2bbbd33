/**
 * The policy core: pure TypeScript shared by the engine, the editor and training. Running a
 * rule set in json-rules-engine is on its own entry point (`@dunwell/engine/policy/evaluator`),
 * so what imports the core does not pull json-rules-engine in.
 */
export * from './facts';
export * from './codes';
export * from './diagnostics';
export * from './predicate';
export * from './nodes';
export * from './schema';
export * from './contact-rules';
export * from './graph';
export * from './validate';
export * from './hash';
export * from './interpret';
export * from './ruleset';
export * from './conditions';
export * from './compile';
export * from './runner';
export * from './trace';
export * from './explain';
export * from './diff';
export * from './promote';

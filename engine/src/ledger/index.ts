/** Invoice history: the canonical format, column mappings, and the synthetic portfolio generator. */
export * from './canonical';
export * from './mapping';
export * from './synthetic';

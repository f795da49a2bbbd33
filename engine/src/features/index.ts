/** Features shared by the engine's decide pipeline and training. */
export * from './days';
export * from './history';
export * from './model-features';
export * from '../ledger/canonical';
export * from './invoice-records';
export { mergeHistory } from './facts';
export { type AccountInput } from './inputs';

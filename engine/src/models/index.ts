/** Model manifests and serving. */
export * from './manifest';
export * from './registry';
export * from './scorer';

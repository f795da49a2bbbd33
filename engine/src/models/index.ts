/** Model manifests and serving. */
export * from './manifest';

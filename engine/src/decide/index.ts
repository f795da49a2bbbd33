/** The decision contract, for clients such as the editor's simulator. */
export * from './contract';

export * from './indexer.js';
export * from './lister.js';
export * from './handlers.js';
export * from './processor-listener.js';
export * from './shared-informer.js';
export * from './transform.js';
export * from './factory.js';

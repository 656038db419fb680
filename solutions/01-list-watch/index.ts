export * from './types.js';
export * from './keys.js';
export * from './backoff.js';
export * from './clock.js';
export * from './list-path.js';
export * from './watch-path.js';
export * from './list-watch.js';
export * from './reflector.js';

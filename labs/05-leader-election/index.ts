export * from './config.js';
export * from './lease-lock.js';
export * from './leader-elector.js';

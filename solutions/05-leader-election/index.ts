export * from './config.js';
export * from './lease-lock.js';
export * from './leader-elector.js';
export * from './flags.js';
export * from './elected-controller.js';
export * from './manager.js';

export * from './clock.js';
export * from './metrics.js';
export * from './fifo.js';
export * from './heap.js';
export * from './queue.js';
export * from './delaying-queue.js';
export * from './rate-limiters.js';
export * from './rate-limiting-queue.js';

export * from './config.js';
export * from './abortable-client.js';
export * from './labels.js';
export * from './desired-mirror.js';
export * from './event-recorder.js';
export * from './event-correlator.js';
export * from './indexes.js';
// MirrorController's log option; the logger itself is given code shared by all stages (../00-common).
export { silentLogger, type Logger } from '../00-common/logger.js';
export * from './reconciler.js';
export * from './generic-controller.js';
export * from './controller.js';
export * from './mutation-cache.js';

export * from './manifests.js';
export * from './prefix-webhook.js';
export * from './webhook-configuration.js';

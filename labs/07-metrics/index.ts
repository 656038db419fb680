export * from './prometheus-provider.js';
export * from './health-server.js';

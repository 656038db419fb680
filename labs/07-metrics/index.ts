export * from './prometheus-provider.js';
export * from './health-server.js';
export * from './kube-config.js';

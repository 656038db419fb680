export * from './prometheus-provider.js';
export * from './reconcile-metrics.js';
export * from './rest-client-metrics.js';
export * from './health-server.js';
export * from './bind-address.js';
export * from './kube-config.js';
export * from './lease-namespace.js';
export * from './serve.js';

/** Kept for the checkpoints' imports: the code lives with the cluster tooling (checkpoints → scripts, never back). */
export { compactEtcd } from '../../scripts/cluster/etcd.js';

/** Kept for the harness's imports: the code lives with the cluster tooling (checkpoints → scripts, never back). */
export { describeRequest, type RequestDescription } from '../../scripts/cluster/describe-request.js';

import type { V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import { todo } from '../todo.js';

export interface PrefixWebhookOptions {
  /** The configuration's name (cluster-scoped). */
  name: string;
  /** https://…/validate-prefix: where the API server posts AdmissionReviews (WebhookServer.url). */
  url: string;
  /** PEM of the CA that signed the webhook's serving certificate. */
  caPem: string;
  /** The only user whose requests go to the webhook: `system:serviceaccount:<namespace>:<name>`. */
  username: string;
}

/**
 * TODO 6.8 — the ValidatingWebhookConfiguration that makes the API server ask
 * your WebhookServer about the controller's ConfigMap writes. One webhook,
 * named `prefix.bare-controller.dev` (a webhook's name has at least three
 * dot-separated parts), with:
 *
 * - clientConfig: `url` (a webhook outside the cluster; inside, it would be a
 *   `service`), and `caBundle`: the CA's PEM, base64-encoded — the API server
 *   trusts only this CA for the webhook's certificate;
 * - rules: configmaps (group "", version v1), CREATE, UPDATE, DELETE,
 *   scope Namespaced;
 * - matchConditions: only requests by `username` (CEL on request.userInfo):
 *   nobody else's write waits for the webhook, or fails when it is down;
 * - failurePolicy Fail: when the webhook cannot answer, the write is refused
 *   (Ignore would let the controller write anywhere whenever the webhook is down);
 * - timeoutSeconds: how long a write may wait for the answer (1–30; keep it short);
 * - sideEffects None: the webhook changes nothing, so dry-run requests may call it;
 * - admissionReviewVersions ['v1']: the AdmissionReview version it speaks.
 */
export function prefixWebhookConfiguration(options: PrefixWebhookOptions): V1ValidatingWebhookConfiguration {
  return todo('6.8 prefixWebhookConfiguration: where, for which requests, and what happens when the webhook fails');
}

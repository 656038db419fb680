/**
 * What an API server's error says, read one way wherever it came from
 * (client-go's `apierrors.IsNotFound(err)` and friends):
 *
 * - client-node 2.x's ApiException: the HTTP status in `.code`, the
 *   metav1.Status in `.body` (parsed, or as its JSON text);
 * - stage 1's list and watch errors, and stage 2's lister: `.statusCode`;
 * - a metav1.Status itself, e.g. the object of a watch ERROR event: `.code`.
 *
 * Errors from Node (`ECONNREFUSED`, `EADDRINUSE`) carry a string `.code`: no status.
 */

/** The parts of a metav1.Status that code decides on. */
export interface Status {
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string };
}

const numberIn = (value: unknown, key: 'code' | 'statusCode'): number | undefined => {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' ? field : undefined;
};

/** The metav1.Status the API server sent with an error (client-node gives it parsed, or as its JSON text), or a Status itself. */
export function statusBodyOf(error: unknown): Status | undefined {
  const sent = typeof error === 'object' && error !== null && 'body' in error;
  let body = sent ? (error as { body: unknown }).body : error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null) return undefined;
  // An error's body is the Status; anything else must say it is one.
  return sent || (body as { kind?: unknown }).kind === 'Status' ? (body as Status) : undefined;
}

/** The HTTP (or metav1.Status) code of an API error; undefined when the request got no answer. */
export function statusOf(error: unknown): number | undefined {
  return numberIn(error, 'code') ?? numberIn(error, 'statusCode') ?? statusBodyOf(error)?.code;
}

/** 404: the object (or its namespace) does not exist. */
export const isNotFound = (error: unknown) => statusOf(error) === 404;
/** 409: someone else wrote first (a stale resourceVersion), or a create found the name taken. */
export const isConflict = (error: unknown) => statusOf(error) === 409;
/** 410: the resourceVersion asked for is older than the history the server keeps: list again. */
export const isGone = (error: unknown) => statusOf(error) === 410;
/** 403: RBAC refused, or an admission rule (a namespace being terminated, a policy). */
export const isForbidden = (error: unknown) => statusOf(error) === 403;

/**
 * An error as log fields, one line a person can read: for an API server's
 * refusal its Status (`code`, `reason`, `message`: "403 Forbidden: configmaps
 * is forbidden: …"), not client-node's dump of body and headers; for
 * anything else (a cut connection, a bug) its message, and its code if any.
 * `log.error('write refused', { key, ...errorFields(error) })`.
 */
export function errorFields(error: unknown): { code?: number; reason?: string; error: string } {
  const status = statusBodyOf(error);
  const code = statusOf(error);
  if (status?.message !== undefined || status?.reason !== undefined) {
    return { code, reason: status.reason, error: status.message ?? status.reason ?? '' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? { error: message } : { code, error: message };
}

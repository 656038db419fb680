/**
 * Comparisons whose failure a learner can read: a label saying what was
 * counted or compared, and values shown short — a request as "GET /path?query",
 * an object by its class — never a dump of internals (a KubeConfig's
 * authenticators, a thousand characters of request records).
 */
import type { RecordedRequest } from './api-proxy.js';

const maxLength = 160;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value as a message shows it: primitives as they are, plain data as short JSON, any other object by its class name. */
export function brief(value: unknown, max = maxLength): string {
  if (typeof value === 'string') return cut(JSON.stringify(value), max);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return cut(`[${value.map((v) => brief(v, 40)).join(', ')}]`, max);
  const name = (value as object).constructor?.name;
  if (name && name !== 'Object') return `a ${name}`;
  return cut(JSON.stringify(value), max);
}

/** A request the proxy saw, as a person would write it: "GET /api/v1/namespaces/x/configmaps?watch=true&resourceVersion=12". */
export function showRequest(request: RecordedRequest): string {
  const query = request.query.toString();
  return cut(`${request.method} ${request.path}${query ? `?${decodeURIComponent(query)}` : ''}`, 120);
}

/** `items` must hold exactly `count`; else "<label>: 2, expected 1 — <the first few, shown by `show`>". */
export function expectCount<T>(label: string, items: readonly T[], count: number, show: (item: T) => string = (item) => brief(item, 60)): void {
  if (items.length === count) return;
  const shown = items.slice(0, 4).map(show);
  if (items.length > 4) shown.push(`and ${items.length - 4} more`);
  throw new Error(`${label}: ${items.length}, expected ${count}${shown.length > 0 ? ` — ${shown.join('; ')}` : ''}`);
}

/** `actual` must be the very object `expected` is: "<label>: got another <class>, not the same object". */
export function expectSameObject(label: string, actual: unknown, expected: unknown): void {
  if (actual === expected) return;
  throw new Error(`${label}: got ${actual === undefined || actual === null ? String(actual) : `another ${brief(actual).replace(/^a /, '')}`}, not the same object`);
}

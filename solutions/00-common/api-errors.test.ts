import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { errorFields, isConflict, isForbidden, isGone, isNotFound, statusBodyOf, statusOf } from './api-errors.js';

const status = (code: number, extra: object = {}) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, ...extra });

describe('statusOf: the code of an API error, wherever it came from', () => {
  it("reads client-node's ApiException (.code), with its Status parsed or as JSON text", () => {
    expect(statusOf(new ApiException(404, 'not found', status(404), {}))).toBe(404);
    expect(statusOf(new ApiException(409, 'conflict', JSON.stringify(status(409)), {}))).toBe(409);
  });

  it("reads stage 1's list/watch errors (.statusCode) and a watch ERROR event's Status (.code)", () => {
    expect(statusOf(Object.assign(new Error('watch answered 410'), { statusCode: 410 }))).toBe(410);
    expect(statusOf(status(410, { reason: 'Expired' }))).toBe(410);
  });

  it('reads a Status body when the error carries no number of its own', () => {
    expect(statusOf({ body: JSON.stringify(status(403)) })).toBe(403);
  });

  it("has no code for Node's own errors (a string .code) or anything that is no error", () => {
    expect(statusOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    for (const nothing of [undefined, null, 'text', 42, {}, { body: 'not json' }]) expect(statusOf(nothing)).toBeUndefined();
  });
});

describe('isNotFound, isConflict, isGone, isForbidden', () => {
  it('each says yes to its code only', () => {
    const checks = { 404: isNotFound, 409: isConflict, 410: isGone, 403: isForbidden };
    for (const [code, check] of Object.entries(checks)) {
      for (const other of [403, 404, 409, 410, 500]) expect(check(new ApiException(other, '', status(other), {})), `${check.name}(${other})`).toBe(other === Number(code));
    }
  });
});

describe('statusBodyOf', () => {
  it("gives the Status's message and details, parsed from text if need be", () => {
    const body = status(404, { message: 'namespaces "x" not found', details: { name: 'x', kind: 'namespaces' } });
    expect(statusBodyOf(new ApiException(404, '', JSON.stringify(body), {}))?.details?.kind).toBe('namespaces');
    expect(statusBodyOf(new ApiException(404, '', body, {}))?.message).toBe('namespaces "x" not found');
    expect(statusBodyOf(new Error('no body'))).toBeUndefined();
  });
});

describe('errorFields: an error as one readable log line', () => {
  it("gives a refused write's code, reason and message, not client-node's dump of body and headers", () => {
    const message = 'configmaps "app" is forbidden: User "x" cannot update resource "configmaps"';
    const body = status(403, { reason: 'Forbidden', message });
    const refused = new ApiException(403, `HTTP-Code: 403 Message: Unknown API Status Code! Body: ${JSON.stringify(body)} Headers: {"audit-id":"1"}`, JSON.stringify(body), {});
    expect(errorFields(refused)).toEqual({ code: 403, reason: 'Forbidden', error: message });
  });

  it('gives any other error its message, and its code when it has one', () => {
    expect(errorFields(new Error('socket hang up'))).toEqual({ error: 'socket hang up' });
    expect(errorFields(Object.assign(new Error('watch answered 410'), { statusCode: 410 }))).toEqual({ code: 410, error: 'watch answered 410' });
    expect(errorFields('text')).toEqual({ error: 'text' });
  });
});

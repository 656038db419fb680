import { describe, expect, it } from 'vitest';
import { describeRequest } from './describe-request.js';

const d = (method: string, path: string) => describeRequest(method, new URL(path, 'http://x'));

describe('describeRequest names requests as the API server does', () => {
  it('collection GET is list, named GET is get, watch=true is watch', () => {
    expect(d('GET', '/api/v1/namespaces/ns/configmaps')).toMatchObject({ verb: 'list', resource: 'configmaps', namespace: 'ns' });
    expect(d('GET', '/api/v1/namespaces/ns/configmaps/a')).toMatchObject({ verb: 'get', resource: 'configmaps', namespace: 'ns', name: 'a' });
    expect(d('GET', '/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=5')).toMatchObject({ verb: 'watch', namespace: 'ns' });
    expect(d('GET', '/api/v1/configmaps?watch=1')).toMatchObject({ verb: 'watch', resource: 'configmaps', namespace: undefined });
  });
  it('cluster-scoped objects and API groups', () => {
    expect(d('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', resource: 'namespaces' });
    expect(d('GET', '/api/v1/namespaces/team-a')).toMatchObject({ verb: 'get', resource: 'namespaces', name: 'team-a' });
    expect(d('PUT', '/apis/coordination.k8s.io/v1/namespaces/ns/leases/l')).toMatchObject({ verb: 'update', resource: 'leases', name: 'l' });
  });
  it('writes', () => {
    expect(d('POST', '/api/v1/namespaces/ns/configmaps').verb).toBe('create');
    expect(d('PATCH', '/api/v1/namespaces/ns/configmaps/a').verb).toBe('patch');
    expect(d('DELETE', '/api/v1/namespaces/ns/configmaps/a').verb).toBe('delete');
    expect(d('DELETE', '/api/v1/namespaces/ns/configmaps').verb).toBe('deletecollection');
    expect(d('POST', '/api/v1/namespaces/ns/serviceaccounts/sa/token')).toMatchObject({ verb: 'create', subresource: 'token' });
  });
  it('non-resource paths', () => {
    expect(d('GET', '/readyz').verb).toBe('get');
  });
});

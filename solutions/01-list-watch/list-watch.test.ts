import { describe, expect, it } from 'vitest';
import { apiVersionOf, collectionPath, configMapsResource, namespacesResource } from './list-watch.js';

describe('collectionPath: the one URL both the LIST and the WATCH address', () => {
  it('core resources live under /api/v1, namespaced or across all namespaces', () => {
    expect(collectionPath(configMapsResource('team-a'))).toBe('/api/v1/namespaces/team-a/configmaps');
    expect(collectionPath(configMapsResource())).toBe('/api/v1/configmaps');
    expect(collectionPath(namespacesResource)).toBe('/api/v1/namespaces');
  });

  it('a custom resource lives under /apis/<group>/<version>, and its objects say group/version', () => {
    const widgets = { group: 'example.com', version: 'v1alpha1', resource: 'widgets', kind: 'Widget' };
    expect(collectionPath(widgets)).toBe('/apis/example.com/v1alpha1/widgets');
    expect(apiVersionOf(widgets)).toBe('example.com/v1alpha1');
    expect(apiVersionOf(namespacesResource)).toBe('v1');
  });

  it('label and field selectors ride in the query, encoded', () => {
    const path = collectionPath({ ...configMapsResource('a'), labelSelector: 'mirror=true,app in (x,y)', fieldSelector: 'metadata.name=cm' });
    const url = new URL(path, 'https://api');
    expect(url.pathname).toBe('/api/v1/namespaces/a/configmaps');
    expect(url.searchParams.get('labelSelector')).toBe('mirror=true,app in (x,y)');
    expect(url.searchParams.get('fieldSelector')).toBe('metadata.name=cm');
  });
});

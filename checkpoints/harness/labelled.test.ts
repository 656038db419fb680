import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from './api-proxy.js';
import { brief, expectCount, expectSameObject, showRequest } from './labelled.js';

const messageOf = (check: () => void) => {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  return 'passed';
};

describe('labelled comparisons', () => {
  it('show an object by its class, never its insides', () => {
    const kubeConfig = new KubeConfig();
    expect(brief(kubeConfig)).toBe('a KubeConfig');
    expect(messageOf(() => expectSameObject('the informer asked for twice', new KubeConfig(), kubeConfig))).toBe('the informer asked for twice: got another KubeConfig, not the same object');
    expect(messageOf(() => expectSameObject('same', kubeConfig, kubeConfig))).toBe('passed');
  });

  it('count with a label, showing a few items short', () => {
    const request = (query: string) => ({ method: 'GET', path: '/api/v1/namespaces/bc-x/configmaps', query: new URLSearchParams(query) }) as RecordedRequest;
    const message = messageOf(() => expectCount('LIST requests', [request(''), request('resourceVersion=12')], 1, showRequest));
    expect(message).toBe('LIST requests: 2, expected 1 — GET /api/v1/namespaces/bc-x/configmaps; GET /api/v1/namespaces/bc-x/configmaps?resourceVersion=12');
    expect(messageOf(() => expectCount('many', Array.from({ length: 50 }, (_, i) => i), 0)).length, 'fifty items: a short message').toBeLessThan(120);
    expect(messageOf(() => expectCount('none', [], 0))).toBe('passed');
  });
});

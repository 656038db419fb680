import { describe, expect, it } from 'vitest';
import { explain, plainWords } from './checkpoint.js';

describe('checkpoint messages', () => {
  it('drop the assertion library\'s jargon', () => {
    expect(plainWords("the liveness probe's path: expected undefined to be '/healthz' // Object.is equality")).toBe("the liveness probe's path: expected undefined to be '/healthz'");
    expect(plainWords('expected +0 to be 1')).toBe('expected 0 to be 1');
    expect(plainWords('expected [ 1 ] to deeply equal [ 2 ]\nEnable verbose mode to see more')).toBe('expected [ 1 ] to deeply equal [ 2 ]');
  });

  it('show whole arrays, however long', () => {
    let message = '';
    try {
      // What a stage 1 checkpoint compares: requests, each longer than the default threshold.
      expect([{ verb: 'LIST', path: '/api/v1/namespaces/bc-a1b2c3-x/configmaps' }, { verb: 'LIST', path: '/api/v1/namespaces/bc-a1b2c3-x/configmaps?resourceVersion=0' }]).toHaveLength(1);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('resourceVersion=0');
    expect(message).not.toMatch(/…\(\d+\)/);
  });

  it('leave the error they explain untouched, so a shared error explains each checkpoint once', () => {
    const shared = new Error('boom');
    explain(shared, { expect: 'one', look: 'here' });
    const second = explain(shared, { expect: 'two', look: 'there' });
    expect(shared.message).toBe('boom');
    expect(second.message).toBe('Expected: two\nLook at: there\nWhat happened: boom');
  });
});

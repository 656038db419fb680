import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, plainWords, thrownInTarget } from './checkpoint.js';
import { todo } from './look.js';

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

  it("say toBe's and toMatchObject's asides in plain words", () => {
    let message = '';
    try {
      expect({ a: 1 }).toBe({ a: 1 });
    } catch (error) {
      message = plainWords((error as Error).message);
    }
    expect(message).toBe('expected { a: 1 } to be { a: 1 } (the same content, but not the same object)');
    try {
      expect({ a: 1, b: 2, c: 3 }).toMatchObject({ a: 2 });
    } catch (error) {
      message = plainWords((error as Error).message);
    }
    expect(message).toBe('expected { a: 1, b: 2, c: 3 } to match object { a: 2 } (and 2 more properties that match)');
  });

  it("send a TODO reached that the checkpoint does not name to that TODO's file", () => {
    const reached = Object.assign(new Error('1.1 ListWatch.list: LIST the collection'), { name: 'NotImplementedError' });
    const lines = explain(reached, { expect: 'events in order', look: todo('1.2') }).message.split('\n');
    expect(lines[0]).toBe('Not written yet: 1.1 ListWatch.list: LIST the collection');
    expect(lines[1]).toBe(
      'Look at: labs/01-list-watch/list-watch.ts — TODO 1.1 ListWatch.list — this checkpoint needs it first (it checks labs/01-list-watch/watch-path.ts — TODO 1.2 watchPath)',
    );
  });

  it('send an exception thrown in another file of the learner to that file, not to the checkpoint\'s TODO', () => {
    const thrown = new TypeError("Cannot read properties of undefined (reading 'add')");
    thrown.stack = [
      `TypeError: ${thrown.message}`,
      '    at Object.onEvent (/work/node_modules/@kubernetes/client-node/dist/watch.js:10:3)',
      '    at MirrorController.worker (/tmp/learner/04-reconcile/controller.ts:57:12)',
      '    at /work/main/checkpoints/04-reconcile/1-mirror.test.ts:40:5',
    ].join('\n');
    expect(thrownInTarget(thrown.stack, '/tmp/learner')).toBe('labs/04-reconcile/controller.ts:57');
    expect(thrownInTarget('Error: x\n    at /work/main/checkpoints/01-list-watch/2-reflector.test.ts:40:5', '/tmp/learner'), 'an assertion of the checkpoint').toBeUndefined();
    // A learner folder of its own: not /tmp itself, which may hold this very workbook (a CI clone).
    const learner = mkdtempSync(join(tmpdir(), 'bare-learner-'));
    process.env.BARE_TARGET = learner;
    try {
      thrown.stack = thrown.stack.replace('/tmp/learner/', `${learner}/`);
      const lines = explain(thrown, { expect: 'mirrors appear', look: todo('4.5') }).message.split('\n');
      expect(lines[1]).toBe(
        'Look at: labs/04-reconcile/controller.ts:57, where the error was thrown (this checkpoint checks labs/04-reconcile/reconciler.ts — TODO 4.5 MirrorReconciler.reconcile, MirrorReconciler.ensureMirror)',
      );
      // A wait that timed out carries the learner's error as its cause: the same place is named.
      const timedOut = new Error('Timed out after 20s waiting for ns/cm-config to be a mirror.', { cause: thrown });
      expect(explain(timedOut, { expect: 'mirrors appear', look: todo('4.5') }).message.split('\n')[1]).toBe(lines[1]);
    } finally {
      delete process.env.BARE_TARGET;
      rmSync(learner, { recursive: true, force: true });
    }
  });

  it('leave the error they explain untouched, so a shared error explains each checkpoint once', () => {
    const shared = new Error('boom');
    explain(shared, { expect: 'one', look: 'here' });
    const second = explain(shared, { expect: 'two', look: 'there' });
    expect(shared.message).toBe('boom');
    expect(second.message).toBe('Expected: two\nLook at: there\nWhat happened: boom');
  });
});

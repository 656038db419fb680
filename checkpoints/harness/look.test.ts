import { describe, expect, it } from 'vitest';
import { todo } from './look.js';

describe("look: todo('N.N')", () => {
  it('renders the file and symbols of each TODO from the course description, notes after their id', () => {
    expect(todo('1.4', 'BOOKMARK')).toEqual({
      todos: ['1.4'],
      text: 'labs/01-list-watch/reflector.ts — TODO 1.4 Reflector.lastSyncResourceVersion (BOOKMARK)',
      files: ['labs/01-list-watch/reflector.ts'],
    });
    expect(todo('4.4', '4.7').text).toBe('labs/04-reconcile/desired-mirror.ts — TODO 4.4 desiredMirror, mirrorUpToDate; labs/04-reconcile/reconciler.ts — TODO 4.7 MirrorReconciler.winner, MirrorReconciler.ensureMirror');
    expect(todo('3.1', '3.2').text).toBe('labs/03-workqueue/queue.ts — TODO 3.1 Queue.add, Queue.len and TODO 3.2 Queue.done');
    expect(todo('4.4', '4.7').files).toEqual(['labs/04-reconcile/desired-mirror.ts', 'labs/04-reconcile/reconciler.ts']);
  });

  it('refuses an id the course does not have, and a note with no id before it', () => {
    expect(() => todo('9.9')).toThrow("there is no TODO 9.9 in scripts/course/course.ts");
    expect(() => todo('a note')).toThrow('a note follows a TODO id');
    expect(() => todo()).toThrow('at least one TODO id');
  });
});

import { describe, expect, it } from 'vitest';
import { todo } from '../../labs/todo.js';
import { todoReached } from './checkpoint.js';

describe('a todo() reached while a checkpoint runs', () => {
  it('fails the checkpoint at once, even when the code that reached it catches the error and retries', async () => {
    const reached = todoReached();
    const worker = setTimeout(() => {
      try {
        todo('9.9 Worker.reconcile: not written');
      } catch {
        // a worker loop would log it and retry with backoff
      }
    }, 1);
    await expect(reached.promise).rejects.toThrow('9.9 Worker.reconcile: not written');
    reached.stop();
    clearTimeout(worker);
  });

  it('is not listened for outside a checkpoint', () => {
    todoReached().stop();
    expect(() => todo('9.9 alone')).toThrow('9.9 alone');
  });
});

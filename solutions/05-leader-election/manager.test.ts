import { describe, expect, it } from 'vitest';
import { silentLogger } from '../00-common/logger.js';
import { Manager, type Runnable } from './manager.js';

/** A runnable that writes down when it runs and stops; its stop() takes `stopMs`. */
function recorded(name: string, events: string[], stopMs = 0): Runnable {
  return {
    run: async () => void events.push(`run ${name}`),
    stop: () => new Promise((resolve) => setTimeout(() => (events.push(`stop ${name}`), resolve()), stopMs)),
  };
}

describe('Manager: the part of main.ts every controller shares', () => {
  it('stops runnables in reverse order of adding, then closes the servers, once however often it is asked', async () => {
    const events: string[] = [];
    const manager = new Manager({ log: silentLogger, exit: () => undefined });
    manager.add(recorded('informers', events)).add(recorded('controller', events));
    manager.addServer({ close: async () => void events.push('close probes') });
    await Promise.all([manager.stop(), manager.stop()]);
    expect(events).toEqual(['stop controller', 'stop informers', 'close probes']);
  });

  it('a fatal error stops everything and exits 1, even when stopping hangs past the bound', async () => {
    const exits: number[] = [];
    const manager = new Manager({ log: silentLogger, fatalExitBoundMs: 50, exit: (code) => void exits.push(code) });
    manager.add({ run: async () => undefined, stop: () => new Promise(() => undefined) });
    manager.fatal('leadership lost');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(exits, 'exit codes asked for').toEqual([1]);
  });
});

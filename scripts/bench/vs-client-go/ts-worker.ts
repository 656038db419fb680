/**
 * The TypeScript half of the client-go comparison: the workbook's reference
 * solutions behind the same JSON-lines protocol as the Go program
 * (protocol.ts). Started by contender.ts, never by hand.
 */
import { createInterface } from 'node:readline';
import { informerStop, informerSync } from './ts-ops/informer.js';
import { elect, release } from './ts-ops/leader.js';
import { createLoop, mirrorStart, mirrorStop } from './ts-ops/mirror.js';
import { queueThroughput } from './ts-ops/queue.js';
import type { Figures, LeaderEvent, Request } from './protocol.js';

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const emit = (event: LeaderEvent['event'], identity: string) => send({ event, identity });

async function handle(request: Request): Promise<Figures> {
  switch (request.op) {
    case 'gc':
      // Settle the heap as the Go side does (runtime.GC + FreeOSMemory), so VmRSS read next is what is live.
      // The pauses let V8's concurrent sweeper finish and hand emptied pages back.
      for (let i = 0; i < 3; i++) {
        (globalThis as { gc?: () => void }).gc?.();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { heapMiB: process.memoryUsage().heapUsed / 2 ** 20 };
    case 'informer-sync':
      return informerSync(request);
    case 'informer-stop':
      return informerStop();
    case 'queue':
      return queueThroughput(request.workload);
    case 'elect':
      return elect(request, emit);
    case 'release':
      return release();
    case 'create-loop':
      return createLoop(request);
    case 'mirror-start':
      return mirrorStart(request);
    case 'mirror-stop':
      return mirrorStop();
  }
}

// One request at a time, in order, as the Go side reads them.
let chain = Promise.resolve();
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const { id, ...request } = JSON.parse(line) as Request & { id: number };
    chain = chain.then(() =>
      handle(request as Request).then(
        (figures) => send({ id, ...figures }),
        (error: unknown) => send({ id, error: (error as Error).message }),
      ),
    );
  })
  // stdin closed: the benchmark is done with this contender, whatever still runs (watches, timers).
  .on('close', () => void chain.then(() => process.exit(0)));

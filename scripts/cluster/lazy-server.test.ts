import { createConnection, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LazyServer } from './lazy-server.js';

/** An echo server on loopback, as the real server behind the front. */
async function echo(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(text));
    socket.on('data', (data) => (resolve(data.toString()), socket.destroy()));
    socket.on('error', reject);
    socket.on('close', () => resolve(''));
  });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('LazyServer', () => {
  it('starts the real server on the first connection only, then pipes every connection through', async () => {
    const upstream = await echo();
    cleanup.push(() => new Promise((resolve) => upstream.server.close(() => resolve())));
    let starts = 0;
    const front = await LazyServer.listen('127.0.0.1', async () => (starts++, { host: '127.0.0.1', port: upstream.port }), () => undefined);
    cleanup.push(() => front.close());
    expect(front.started()).toBe(false);
    expect(await Promise.all([roundTrip(front.port, 'a'), roundTrip(front.port, 'b')])).toEqual(['a', 'b']);
    expect(await roundTrip(front.port, 'c')).toBe('c');
    expect(starts).toBe(1);
  });

  it('drops the connections of a failed start and tries again on the next one', async () => {
    const upstream = await echo();
    cleanup.push(() => new Promise((resolve) => upstream.server.close(() => resolve())));
    let starts = 0;
    const lines: string[] = [];
    const front = await LazyServer.listen(
      '127.0.0.1',
      async () => {
        if (++starts === 1) throw new Error('no binary');
        return { host: '127.0.0.1', port: upstream.port };
      },
      (line) => lines.push(line),
    );
    cleanup.push(() => front.close());
    expect(await roundTrip(front.port, 'x')).toBe('');
    expect(lines.join('\n')).toContain('no binary');
    expect(await roundTrip(front.port, 'y')).toBe('y');
    expect(starts).toBe(2);
  });
});

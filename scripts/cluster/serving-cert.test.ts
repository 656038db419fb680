import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { expect, it } from 'vitest';
import { selfSignedServingCert } from './serving-cert.js';

it('makes a serving certificate that a client trusting only it accepts for 127.0.0.1', async (context) => {
  const dir = mkdtempSync(join(tmpdir(), 'serving-cert-'));
  context.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const cert = await selfSignedServingCert(dir, '127.0.0.1');
  const server = createServer({ cert: readFileSync(cert.cert), key: readFileSync(cert.key) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  context.onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  const dispatcher = new Agent({ connect: { ca: cert.caPem } });
  context.onTestFinished(() => dispatcher.close());
  const res = await fetch(`https://127.0.0.1:${port}/`, { dispatcher });
  expect(await res.text()).toBe('ok');
});

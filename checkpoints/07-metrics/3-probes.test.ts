import { networkInterfaces } from 'node:os';
import { Counter, Registry } from 'prom-client';
import { describe, expect, onTestFinished } from 'vitest';
import { HealthServer } from '@stage/07-metrics/index.js';
import { checkpoint } from '../harness/checkpoint.js';
import { todo } from '../harness/look.js';

/** An IPv4 address of this machine other than loopback: what a pod's IP is to the kubelet. */
function outsideAddress(): string | undefined {
  const preferred = ['bare0', 'eth0'];
  const all = Object.entries(networkInterfaces()).sort(([a], [b]) => Number(!preferred.includes(a)) - Number(!preferred.includes(b)));
  return all.flatMap(([, addresses]) => addresses ?? []).find((a) => a.family === 'IPv4' && !a.internal)?.address;
}

describe('7 · Health probes and the metrics endpoint', () => {
  checkpoint(
    '/livez, /healthz, /readyz and /metrics answer as the kubelet and Prometheus expect',
    {
      expect: '/livez 200 (liveness, as Kubernetes components name it) and /healthz 200 (its older name); /readyz 503 with the reason while not ready, then 200; /metrics 200 in the Prometheus text format with the registry\'s metrics, calling beforeScrape first; other paths 404; close() frees the port',
      look: todo('7.2'),
    },
    async () => {
      const registry = new Registry();
      new Counter({ name: 'checkpoint_probe_total', help: 'a metric the checkpoint looks for', registers: [registry] }).inc(3);
      let ready: string | undefined = 'caches not synced yet';
      let scrapes = 0;
      const server = await HealthServer.start({ registry, port: 0, host: '127.0.0.1', notReadyBecause: () => ready, beforeScrape: () => void scrapes++ });
      onTestFinished(() => server.close());
      const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

      expect((await fetch(url('/livez'))).status, '/livez (the liveness probe\'s path)').toBe(200);
      expect((await fetch(url('/healthz'))).status, '/healthz (the older name of /livez)').toBe(200);
      const notReady = await fetch(url('/readyz'));
      expect(notReady.status, '/readyz while not ready').toBe(503);
      expect(await notReady.text(), 'the reason').toContain('caches not synced yet');
      ready = undefined;
      expect((await fetch(url('/readyz'))).status, '/readyz when ready').toBe(200);

      const metrics = await fetch(url('/metrics'));
      expect(metrics.status, '/metrics').toBe(200);
      expect(metrics.headers.get('content-type'), 'Prometheus text format').toContain('text/plain');
      expect(await metrics.text()).toMatch(/^checkpoint_probe_total 3$/m);
      expect(scrapes, 'beforeScrape calls').toBe(1);
      expect((await fetch(url('/nothing-here'))).status, 'an unknown path').toBe(404);

      const port = server.port;
      await server.close();
      await expect(fetch(`http://127.0.0.1:${port}/healthz`), 'after close()').rejects.toThrow();
    },
  );

  checkpoint(
    'without a host the server listens on every interface, as a pod\'s probes need; each server answers only its own paths',
    {
      expect: `started without options.host, the server answers on this machine's non-loopback address (${outsideAddress() ?? 'none found'}), as the kubelet reaches a pod on its IP — a server on 127.0.0.1 is unreachable from outside the pod; a server given only notReadyBecause answers /livez and /healthz but 404 on /metrics; one given only a registry answers /metrics but 404 on /livez and /healthz`,
      look: todo('7.2', 'options.host and which paths'),
    },
    async () => {
      const registry = new Registry();
      const probes = await HealthServer.start({ port: 0, notReadyBecause: () => undefined });
      onTestFinished(() => probes.close());
      const metrics = await HealthServer.start({ port: 0, registry });
      onTestFinished(() => metrics.close());
      const outside = outsideAddress();
      if (outside) {
        const answer = await fetch(`http://${outside}:${probes.port}/healthz`).then((r) => r.status, (error: Error) => `no answer (${(error.cause as Error | undefined)?.message ?? error.message})`);
        expect(answer, `GET http://${outside}:${probes.port}/healthz — the probe server, started without a host, seen from outside loopback`).toBe(200);
      } else {
        console.log('3-probes: this machine has no non-loopback IPv4 address, so listening on every interface cannot be told from 127.0.0.1 here');
      }
      const status = async (server: HealthServer, path: string) => (await fetch(`http://127.0.0.1:${server.port}${path}`)).status;
      expect([await status(probes, '/livez'), await status(probes, '/healthz'), await status(probes, '/readyz'), await status(probes, '/metrics')], 'the probe server (no registry): /livez, /healthz, /readyz, /metrics').toEqual([200, 200, 200, 404]);
      expect([await status(metrics, '/metrics'), await status(metrics, '/livez'), await status(metrics, '/healthz'), await status(metrics, '/readyz')], 'the metrics server (no notReadyBecause): /metrics, /livez, /healthz, /readyz').toEqual([200, 404, 404, 404]);
    },
  );
});

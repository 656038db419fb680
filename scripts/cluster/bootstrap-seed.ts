import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fetch } from 'undici';
import { cacheDir } from './paths.js';

/**
 * What kube-apiserver's two bootstrap hooks write into a new etcd: the default
 * RBAC roles and bindings (cluster-admin, system:discovery, view, edit…) and
 * the system priority classes. Each hook waits a full second (wait.Poll, not
 * PollImmediate) before it writes, and /healthz fails until both are done.
 *
 * A fresh test cluster gets exactly the same objects every time, so after the
 * first start they are kept (raw etcd values, per kube-apiserver binary) and
 * written into the next cluster's etcd before its API server starts. RBAC then
 * works from the API server's first answer; the hooks still run and find
 * nothing to change.
 */
const prefixes = ['/registry/clusterroles/', '/registry/clusterrolebindings/', '/registry/roles/', '/registry/rolebindings/', '/registry/priorityclasses/'];

interface Seed {
  /** base64 key and value, as etcd's JSON gateway speaks them. */
  kvs: { key: string; value: string }[];
}

/** One seed file per kube-apiserver binary: another version writes other objects. */
export function seedFile(kubeApiserver: string): string {
  const { size, mtimeMs } = statSync(kubeApiserver);
  const id = createHash('sha256').update(`${kubeApiserver}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 16);
  return join(cacheDir(), 'bootstrap-seeds', `${id}.json`);
}

function readSeed(file: string): Seed | undefined {
  try {
    const seed = JSON.parse(readFileSync(file, 'utf8')) as Seed;
    return Array.isArray(seed.kvs) && seed.kvs.length > 0 ? seed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the kept objects into etcd; false when there are none yet (the first start with this binary). */
export async function plantSeed(etcdUrl: string, file: string): Promise<boolean> {
  const seed = readSeed(file);
  if (!seed) return false;
  // etcd takes at most 128 operations per transaction (--max-txn-ops); the chunks go in parallel.
  const chunks: Seed['kvs'][] = [];
  for (let i = 0; i < seed.kvs.length; i += 100) chunks.push(seed.kvs.slice(i, i + 100));
  await Promise.all(
    chunks.map(async (chunk) => {
      const res = await fetch(`${etcdUrl}/v3/kv/txn`, { method: 'POST', body: JSON.stringify({ success: chunk.map((kv) => ({ requestPut: kv })) }) });
      if (!res.ok) throw new Error(`etcd txn answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }),
  );
  return true;
}

/** Keeps what the bootstrap hooks wrote; call once both have finished (/healthz passes). */
export async function keepSeed(etcdUrl: string, file: string): Promise<void> {
  const kvs: Seed['kvs'] = [];
  for (const prefix of prefixes) {
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const res = await fetch(`${etcdUrl}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }) });
    if (!res.ok) throw new Error(`etcd range answered ${res.status}`);
    const body = (await res.json()) as { kvs?: { key: string; value: string }[] };
    kvs.push(...(body.kvs ?? []).map(({ key, value }) => ({ key, value })));
  }
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ kvs } satisfies Seed));
  renameSync(partial, file);
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

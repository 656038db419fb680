import type { Side } from './contender.js';

/** What every workload of the comparison gets: the Go binary, the cluster, a progress line. */
export interface Bench {
  goBinary: string;
  /** Admin kubeconfig of the one API server both sides talk to. */
  kubeconfig: string;
  say: (line: string) => void;
}

/** Round r's order: each contender goes first in turn, so none always meets a warmer server. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  return items.map((_, i) => items[(i + round) % items.length]!);
}

export const sideName: Record<Side, string> = { go: 'client-go', ts: 'TypeScript' };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

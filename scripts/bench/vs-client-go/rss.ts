import { readFileSync } from 'node:fs';

/**
 * Resident set size of a process in MiB, from /proc/<pid>/status (Linux).
 * Read the same way for the Go and the TypeScript process: heap statistics are
 * not comparable across runtimes, pages the kernel holds for a process are.
 */
export function vmRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(kib) / 1024;
}

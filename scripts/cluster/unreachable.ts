/**
 * kubectl with no API server to reach prints about thirty lines of client-go's
 * memcache.go errors, then "The connection to the server … was refused". These
 * helpers recognise those lines, so a command can say one sentence instead:
 * which server, and what to do.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** client-go's discovery noise, and its last words, when no API server answers. */
export function isUnreachableNoise(line: string): boolean {
  return /^E\d{4} [\d:.]+\s+\d+ memcache\.go:\d+\]/.test(line) || /couldn't get current server API group list/.test(line) || isUnreachableVerdict(line) !== undefined;
}

/** The server kubectl could not reach, from its verdict line; undefined when the line is not one. */
export function isUnreachableVerdict(line: string): string | undefined {
  return (
    /^The connection to the server (\S+) was refused/.exec(line)?.[1] ??
    /^Unable to connect to the server: (?:dial tcp |Get "|)(\S+?)"?(?::| |$)/.exec(line)?.[1]
  );
}

/** The kubeconfig files kubectl would read (only those that exist): $KUBECONFIG's list, else ~/.kube/config. */
export function kubeconfigFiles(): string[] {
  const named = process.env.KUBECONFIG ? process.env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  return named.filter((file) => existsSync(file));
}

/** One sentence: the server that did not answer and the next step. */
export function unreachableSentence(server: string, usingDevCluster: boolean): string {
  if (usingDevCluster) return `The dev cluster's API server (${server}) does not answer: restart it with npm run cluster:down && npm run cluster:up.`;
  if (kubeconfigFiles().length === 0) {
    return `No API server answers at ${server}: no dev cluster runs and there is no kubeconfig (KUBECONFIG unset, no ~/.kube/config), so kubectl tried its default. Start one with npm run cluster:up.`;
  }
  return `No API server answers at ${server}, the server of your kubeconfig's current context (${kubeconfigFiles().join(delimiter)}): start that cluster, or the workbook's own with npm run cluster:up (npm run kubectl then uses it).`;
}

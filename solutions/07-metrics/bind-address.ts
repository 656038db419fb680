import { InvalidConfigError } from '../00-common/config-error.js';
import type { Flags } from '../00-common/flags.js';

/** Where a server listens: `host` undefined means every interface, as Go's `:8080` does. */
export interface BindAddress {
  host: string | undefined;
  port: number;
  /** As the user wrote it, for messages. */
  text: string;
}

/** controller-runtime's flags for where metrics and probes are served. */
export const bindAddressFlags = {
  'metrics-bind-address': { type: 'string', value: '<addr>', help: 'where /metrics is served (default :8080, every interface; 0 turns it off)' },
  'health-probe-bind-address': { type: 'string', value: '<addr>', help: 'where /livez, /readyz (and /healthz) are served (default :8081; 0 turns them off)' },
} as const satisfies Flags;

/**
 * controller-runtime's bind addresses: `:8080` (every interface — in a pod the
 * kubelet and Prometheus connect to the pod's IP, not to 127.0.0.1),
 * `127.0.0.1:8080`, `[::1]:8080`, `:0` (a free port). `0` turns the server
 * off (undefined), as `--metrics-bind-address=0` does in controller-runtime.
 */
export function parseBindAddress(flag: string, value: string): BindAddress | undefined {
  if (value === '0') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new InvalidConfigError(`${flag} ${value}: expected [host]:port, e.g. :8080 (every interface), 127.0.0.1:8080 or :0 (a free port); 0 turns it off`);
  }
  return { host: match[1] ?? (match[2] || undefined), port, text: value };
}

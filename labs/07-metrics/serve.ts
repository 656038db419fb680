import type { Logger } from '../00-common/logger.js';
import { exitWith } from '../00-common/process-lifecycle.js';
import type { BindAddress } from './bind-address.js';
import { HealthServer, type HealthServerOptions } from './health-server.js';

/**
 * Starts a HealthServer on the address a flag gave (`flag` names it in the
 * message), or exits with one line a person can act on when the port is
 * taken or not ours to listen on.
 */
export async function serveOrExit(flag: string, address: BindAddress, what: string, options: Omit<HealthServerOptions, 'port' | 'host'>, log: Logger): Promise<HealthServer> {
  try {
    const server = await HealthServer.start({ ...options, port: address.port, host: address.host });
    log.info(`serving ${what}`, { address: address.text, port: server.port });
    return server;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') exitWith(`${flag} ${address.text}: port ${address.port} is already in use (another controller?); stop it, or choose another address (:0 picks a free port)`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') exitWith(`${flag} ${address.text}: cannot listen there (${code})`);
    throw error;
  }
}

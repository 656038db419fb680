import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** Thrown when a docker command fails; the message ends with the last lines it printed. */
export class DockerError extends Error {
  override name = 'DockerError';
  constructor(
    message: string,
    /** The last lines docker printed, for callers that word their own message. */
    readonly tail: string[] = [],
  ) {
    super(message);
  }
}

/** `docker image inspect`, `docker build`: the command's name without its flags. */
const commandName = (args: string[]) => ['docker', ...args.slice(0, 2).filter((a, i) => i === 0 || !a.startsWith('-'))].join(' ');

export interface DockerOptions {
  /** Bytes (or a stream's worth) written to docker's stdin, e.g. a rootfs tarball for `docker import -`. */
  input?: Buffer | Readable;
  /** Kill docker after this long: a pull from an unreachable registry can hang for minutes. */
  timeoutMs?: number;
  /** Each line docker prints while it runs (build steps), for progress. */
  onLine?: (line: string) => void;
  cwd?: string;
  /** How many lines of output the error keeps. */
  tailLines?: number;
}

/**
 * The classic builder everywhere: Debian's docker.io has no buildx, and the
 * images must build the same way on a machine that has one.
 */
export const dockerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_BUILDKIT: '0' });

/** Runs `docker <args>`; resolves with stdout, or rejects with a DockerError ending in the output's last lines. */
export function docker(args: string[], opts: DockerOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { cwd: opts.cwd, env: dockerEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let tail: string[] = [];
    let partial = '';
    const keep = opts.tailLines ?? 15;
    const onText = (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim())) {
        opts.onLine?.(line);
        tail = [...tail.slice(-(keep - 1)), line];
      }
    };
    // Decoded as UTF-8 by the streams, so a character split between two chunks survives.
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      onText(text);
    });
    child.stderr.setEncoding('utf8').on('data', onText);
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    timer?.unref();
    child.on('error', (error) =>
      reject(new DockerError(`${commandName(args)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the docker command is not installed' : error.message}`)),
    );
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (partial.trim()) tail = [...tail.slice(-(keep - 1)), partial];
      const timedOut = signal === 'SIGKILL' && opts.timeoutMs !== undefined;
      if (code === 0) resolve(stdout);
      else {
        const why = timedOut ? `timed out after ${Math.round(opts.timeoutMs! / 1000)} s` : `exited with ${code ?? signal}`;
        reject(new DockerError(`${commandName(args)} ${why}. Last lines:\n${tail.join('\n')}`, tail));
      }
    });
    // docker may exit before reading all of stdin (e.g. a bad flag): that is its error to report, not EPIPE's.
    child.stdin.on('error', () => {});
    if (Buffer.isBuffer(opts.input)) child.stdin.end(opts.input);
    else if (opts.input) opts.input.pipe(child.stdin);
    else child.stdin.end();
  });
}

/** Whether a Docker daemon answers right now (`docker info`, within a few seconds). */
export async function dockerAnswers(): Promise<boolean> {
  try {
    await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}


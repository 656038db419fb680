/**
 * The wall around graded code: bubblewrap (bwrap), started as a dedicated
 * unprivileged user, so a learner's checkpoint run has
 *
 *   - a uid of its own (never root, never the grader's),
 *   - its own user, mount, PID, IPC and UTS namespaces (/proc lists only its own
 *     processes; no capability at all, so nothing to unmount or remount),
 *   - a root filesystem built from nothing: the system (/usr, /etc) and the
 *     workbook's node_modules, checkpoints/, scripts/ and config files
 *     read-only, its own copy read-only, one writable folder for its results,
 *     and a fresh /tmp. solutions/, .git, labs/, reports/, the other learners
 *     and the grader's workspace are not in its view at all.
 *
 * The network is the host's: the checkpoints reach the class cluster on
 * loopback. What that still allows is in README.md, "For instructors".
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../workbook/paths.js';

/** The unprivileged account graded code runs as (created by scripts/install-system-packages.sh). */
export const sandboxUser = 'bare-grade';

export interface SandboxLayers {
  /** Each layer that is missing on this machine, in one sentence with what to do. */
  missing: string[];
  /** The uid/gid to drop to, when the grader runs as root and the account exists. */
  account?: { uid: number; gid: number };
}

let probed: SandboxLayers | undefined;

export function sandboxLayers(): SandboxLayers {
  if (probed) return probed;
  const missing: string[] = [];
  let account: SandboxLayers['account'];
  if (process.platform !== 'linux') missing.push(`bubblewrap needs Linux (this is ${process.platform}): learner code runs as you, with your files in view`);
  else {
    const root = process.getuid?.() === 0;
    if (root) {
      const uid = Number(spawnSync('id', ['-u', sandboxUser], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', sandboxUser], { encoding: 'utf8' }).stdout.trim());
      if (uid > 0 && gid > 0) account = { uid, gid };
      else missing.push(`no ${sandboxUser} account, so learner code would run as root: sudo bash scripts/install-system-packages.sh creates it`);
    }
    const probe = spawnSync('bwrap', [...namespaces, '--ro-bind', '/', '/', '--proc', '/proc', '--', 'true'], { encoding: 'utf8', ...(account ?? {}) });
    if (probe.error) missing.push('bubblewrap (bwrap) is not installed: sudo bash scripts/install-system-packages.sh');
    else if (probe.status !== 0) missing.push(`bubblewrap cannot make namespaces here (${(probe.stderr || 'no output').trim().split('\n')[0]})`);
    if (account) {
      // The staging of the view's sources (see sandboxed) needs a mount namespace of root's and a /mnt to cover.
      const staging = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'mount', '-t', 'tmpfs', 'probe', stagingDir], { encoding: 'utf8' });
      if (staging.error || staging.status !== 0) missing.push(`the sandbox's view cannot be staged (unshare --mount, a tmpfs on ${stagingDir}: ${(staging.stderr || staging.error?.message || 'no output').trim().split('\n')[0]})`);
    }
  }
  probed = { missing, ...(account ? { account } : {}) };
  return probed;
}

/** Every namespace but the network's; bwrap drops every capability for a non-root user. */
const namespaces = ['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent'];

export interface SandboxView {
  /** The learner's copy, laid out like labs/ (read-only, at inside.labs). */
  labs: string;
  /** The one writable folder (inside.writable): where this run's results file goes. */
  writable: string;
  /** The grading workspace: its package.json and node_modules link sit above every copy. */
  workspace: string;
  /** Stage 8 builds images: the Docker socket is in view (root on this machine; the report says so). */
  docker?: boolean;
  /** Files the cluster's kubeconfig names (a certificate on disk), read-only at the same path. */
  files?: string[];
}

const dockerSockets = ['/run/docker.sock', '/var/run/docker.sock'];

/** Where vitest and Vite write a bundled config and a cache: inside the sandbox, private scratch space. */
const scratch = ['.vite', '.vite-temp'];

/** Where the sandbox shows the learner's copy and its results folder: the same path for every learner, naming none. */
export const inside = { root: '/grade', labs: '/grade/labs', writable: '/grade/out' } as const;

/**
 * The command line that runs `command` in the sandbox, where the copy is
 * inside.labs and the writable folder inside.writable; or undefined when a
 * layer is missing (the caller runs it unconfined and the report says so).
 */
export function sandboxed(command: string[], view: SandboxView): string[] | undefined {
  const layers = sandboxLayers();
  if (layers.missing.length > 0) return undefined;
  const modules = realpathSync(join(repoRoot, 'node_modules'));
  const node = realpathSync(process.execPath);
  // Mount points for the scratch space must exist in the read-only node_modules.
  for (const dir of scratch) mkdirSync(join(modules, dir), { recursive: true });
  if (layers.account) chownSync(view.writable, layers.account.uid, layers.account.gid);
  // Dropped to the sandbox account, bwrap opens each source as that account, and the workbook may
  // sit where it cannot walk (a clone in a 0700 folder, a home folder): the sources are first bound,
  // as root, onto a staging tmpfs that exists only in a mount namespace of the run's own (below).
  const staged: string[] = [];
  const source = (path: string) => {
    if (!layers.account || path === '/usr' || path === '/etc') return path;
    staged.push(path);
    return `${stagingDir}/${staged.length}`;
  };
  const ro = (path: string, at = path) => (existsSync(path) ? ['--ro-bind', source(path), at] : []);
  const args = [
    ...namespaces,
    ...['/usr', '/etc'].flatMap((dir) => ro(dir)),
    // A node installed elsewhere (nvm under a home folder): the binary alone, not the folder around it.
    ...(node.startsWith('/usr/') || node.startsWith(`${modules}/`) ? [] : ro(node)),
    ...['bin', 'lib', 'lib64', 'sbin'].flatMap((link) => (existsSync(`/${link}`) ? ['--symlink', `usr/${link}`, `/${link}`] : [])),
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--dir', '/tmp/home',
    ...ro(modules, join(repoRoot, 'node_modules')),
    // Also where it really is: npm may run the grader with a node binary from a package in there.
    ...(modules === join(repoRoot, 'node_modules') ? [] : ro(modules)),
    ...scratch.flatMap((dir) => ['--tmpfs', join(repoRoot, 'node_modules', dir)]),
    // labs/todo.ts is the one file of labs/ the harness imports (how a TODO reports that it was reached).
    ...['checkpoints', 'scripts', 'labs/todo.ts', 'package.json', 'tsconfig.json', 'vitest.config.ts'].flatMap((entry) => ro(join(repoRoot, entry))),
    // Bare imports in the copy climb to /grade/node_modules; its package.json makes .ts files ESM.
    ...ro(join(view.workspace, 'package.json'), join(inside.root, 'package.json')),
    '--symlink', join(repoRoot, 'node_modules'), join(inside.root, 'node_modules'),
    ...ro(view.labs, inside.labs),
    '--bind', source(view.writable), inside.writable,
    ...(view.files ?? []).flatMap((file) => ro(file)),
    ...(view.docker ? dockerSockets.flatMap((sock) => (existsSync(sock) ? ['--bind', sock, sock] : [])) : []),
    '--setenv', 'HOME', '/tmp/home',
    '--chdir', repoRoot,
    '--',
    ...command,
  ];
  if (!layers.account) return ['bwrap', ...args];
  // Drop to the sandbox account first, so bwrap itself never holds root's powers. No group but its
  // own, except for stage 8 the Docker socket's (root:docker, 0660), which it is given to reach.
  const { uid, gid } = layers.account;
  const socket = view.docker ? dockerSockets.find((sock) => existsSync(sock)) : undefined;
  const groups = socket ? [`--groups=${statSync(socket).gid}`] : ['--clear-groups'];
  const dropped = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, ...groups, '--inh-caps=-all', '--', 'bwrap', ...args];
  return ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', stageSources, 'sh', ...staged, '--', ...dropped];
}

/** Where the staged sources are bound: a tmpfs over it, in the run's own mount namespace only. */
const stagingDir = '/mnt';

/**
 * Run as root in a fresh private mount namespace (unshare --mount): bind each source given
 * before `--` to stagingDir/1, /2, … on a tmpfs only this namespace sees, then exec the rest
 * (setpriv, bwrap). The mounts end with the run; the host's mount table never holds them.
 */
const stageSources = [
  'set -e',
  `mount -t tmpfs -o mode=0755,size=1m bare-grade-view ${stagingDir}`,
  'i=0',
  'while [ "$1" != "--" ]; do',
  '  i=$((i + 1))',
  `  if [ -d "$1" ]; then mkdir "${stagingDir}/$i"; else : > "${stagingDir}/$i"; fi`,
  `  mount --bind "$1" "${stagingDir}/$i"`,
  '  shift',
  'done',
  'shift',
  'exec "$@"',
].join('\n');

/** The report's Safety line: what held this run, and what was missing. */
export function sandboxSummary(docker: boolean): string {
  const { missing, account } = sandboxLayers();
  if (missing.length > 0) return `NOT sandboxed: ${missing.join('; ')}`;
  return [
    `bubblewrap as ${account ? `the unprivileged ${sandboxUser} user` : 'the grader\'s own (non-root) user'}, in its own user, mount and PID namespaces with no capabilities`,
    "its view holds the system, the workbook's checkpoints, scripts and packages read-only, its own copy read-only and one writable results folder; solutions/, .git and the other learners are not in it",
    'the network is shared (the cluster is reached on loopback) and the admin kubeconfig is in the environment',
    ...(docker ? ['stage 8 sees the Docker socket, which is root on this machine'] : []),
  ].join('; ');
}

/** The files a kubeconfig reads from disk (a client certificate, its key, a CA, a token file): envtest's embeds them all. */
export function kubeconfigFiles(kubeconfig: string): string[] {
  const fields = /"?(?:client-certificate|client-key|certificate-authority|tokenFile|token-file)"?\s*:\s*"?([^"\n,}]+)"?/g;
  return [...kubeconfig.matchAll(fields)].map((m) => m[1]!.trim()).filter((path) => path.startsWith('/'));
}

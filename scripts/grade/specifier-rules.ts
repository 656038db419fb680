/**
 * Whether one import specifier in a learner's file stays inside the learner's
 * folder. Allowed: relative paths that resolve inside it, Node's built-ins
 * (except those that load or start code by a path the check cannot follow),
 * and the workbook's own npm packages. Everything else is refused with a reason.
 */
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Built-ins that run or load code from anywhere: a static check cannot see what. */
const codeLoaders = new Set(['module', 'vm', 'worker_threads', 'child_process', 'cluster', 'wasi', 'inspector']);
const builtins = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));

export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves a relative specifier the two ways a loader might: as a path (Vite)
 * and as a URL (Node, where `%2e%2e` and `\` also climb). Undefined when
 * either way leaves `root`; otherwise the path.
 */
export function resolveRelative(root: string, importer: string, specifier: string): string | undefined {
  const bare = specifier.replace(/[?#].*$/, '');
  const asPath = resolve(dirname(importer), bare);
  let asUrl: string;
  try {
    asUrl = fileURLToPath(new URL(specifier, pathToFileURL(importer)));
  } catch {
    return undefined;
  }
  return inside(root, asPath) && inside(root, asUrl) ? asPath : undefined;
}

export type Verdict = { ok: true; file?: string } | { ok: false; why: string };

/** `file` is set for a relative import inside the folder: the graph of who imports whom is built from it. */
export function judgeSpecifier(specifier: string, importer: string, root: string, packages: ReadonlySet<string>): Verdict {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    const file = resolveRelative(root, importer, specifier);
    return file ? { ok: true, file } : { ok: false, why: 'a relative path out of the folder' };
  }
  if (specifier.startsWith('/') || specifier.startsWith('\\') || /^[a-zA-Z]:[\\/]/.test(specifier)) return { ok: false, why: 'an absolute path' };
  if (/^file:/i.test(specifier)) return { ok: false, why: 'a file: URL' };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier) && !specifier.startsWith('node:')) return { ok: false, why: `a ${specifier.split(':')[0]}: URL` };
  if (specifier.startsWith('@stage/')) return { ok: false, why: "@stage/ is the checkpoints' alias, not for learner code: import your other stages by relative path" };
  if (specifier.startsWith('#')) return { ok: false, why: 'a package.json "imports" alias' };

  const name = specifier.replace(/^node:/, '');
  const [first = '', second] = name.split('/');
  const packageName = first.startsWith('@') ? `${first}/${second ?? ''}` : first;
  const subpath = name.slice(packageName.length);
  if (specifier.startsWith('node:') || (builtins.has(packageName) && !packages.has(packageName))) {
    if (!builtins.has(packageName)) return { ok: false, why: 'not one of Node’s built-in modules' };
    if (codeLoaders.has(packageName)) return { ok: false, why: `node:${packageName} runs or loads code the check cannot follow` };
    return { ok: true };
  }
  if (!packages.has(packageName)) return { ok: false, why: `${packageName} is not one of the workbook's npm packages` };
  // A package subpath that climbs (`pkg/../../solutions`) or hides the climb (`%2e`, `\`).
  if (/(^|\/)\.\.?(\/|$)|%|\\/.test(subpath)) return { ok: false, why: 'a package path that climbs out of the package' };
  return { ok: true };
}

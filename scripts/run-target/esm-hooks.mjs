/**
 * Module hooks for a learner's folder outside the workbook (a copy of labs/):
 * there is no package.json saying "type": "module" above it, so tsx would
 * compile its .ts files as CommonJS and refuse main.ts's top-level await, and
 * Node would not find the workbook's packages from there. Registered after
 * tsx, so these run first: .ts files under the folder load as ES modules, and
 * a package import the folder cannot resolve is resolved from the workbook.
 */
let roots = [];
let fallbackParentURL;

export function initialize(data) {
  roots = data.roots;
  fallbackParentURL = data.fallbackParentURL;
}

const inside = (url) => typeof url === 'string' && roots.some((root) => url.startsWith(root));
const bare = (specifier) => !/^(\.|\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !bare(specifier) || !inside(context.parentURL)) throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParentURL });
  }
}

export async function load(url, context, nextLoad) {
  if (inside(url) && /\.m?ts$/.test(new URL(url).pathname)) return nextLoad(url, { ...context, format: 'module' });
  return nextLoad(url, context);
}

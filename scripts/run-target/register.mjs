/** `node --import tsx --import <this> main.ts` with BARE_ESM_ROOT=<folder>: see esm-hooks.mjs. */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = process.env.BARE_ESM_ROOT;
if (root) {
  const rootURL = pathToFileURL(root.endsWith('/') ? root : `${root}/`).href;
  register('./esm-hooks.mjs', import.meta.url, { data: { roots: [rootURL], fallbackParentURL: new URL('../../package.json', import.meta.url).href } });
}

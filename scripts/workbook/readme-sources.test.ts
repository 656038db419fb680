/**
 * The lab READMEs' "In Go" sections link to client-go and controller-runtime
 * at the versions the workbook runs: a link to master drifts from what the
 * learner is taught, so every link must carry the pinned tag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesVersion } from '../cluster/paths.js';
import { stages } from '../course/course.js';
import { repoRoot } from './paths.js';

/** client-go's tags are v0.<minor>.<patch> of the Kubernetes release v1.<minor>.<patch>. */
const clientGoTag = `v0.${kubernetesVersion.split('.').slice(1).join('.')}`;
/** The controller-runtime release built on that client-go (its go.mod says k8s.io/client-go v0.36.x). */
const controllerRuntimeTag = 'v0.24.1';
/** Stages whose "In Go" section maps onto client-go source files. */
const withSource = ['01-list-watch', '02-informer', '03-workqueue', '04-reconcile', '05-leader-election', '07-metrics'];

const readme = (dir: string) => readFileSync(join(repoRoot, 'labs', dir, 'README.md'), 'utf8');

describe('lab READMEs link the Go source at the pinned versions', () => {
  it.each(stages.map((s) => s.dir))('labs/%s/README.md', (dir) => {
    const text = readme(dir);
    for (const [, tag] of text.matchAll(/github\.com\/kubernetes\/client-go\/(?:blob|tree)\/([^/)]+)/g)) expect(tag, 'a client-go link').toBe(clientGoTag);
    for (const [, tag] of text.matchAll(/github\.com\/kubernetes-sigs\/controller-runtime\/(?:blob|tree)\/([^/)]+)/g)) expect(tag, 'a controller-runtime link').toBe(controllerRuntimeTag);
    if (withSource.includes(dir)) {
      const inGo = text.slice(text.indexOf('## In Go'));
      expect(inGo, 'its "In Go" section links the client-go source').toMatch(new RegExp(`client-go/blob/${clientGoTag.replace(/\./g, '\\.')}/`));
    }
  });
});

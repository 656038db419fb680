import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { buildWithGo } from '../cluster/binaries.js';
import { cacheDir, kubernetesVersion } from '../cluster/paths.js';
import { docker } from '../docker/docker.js';
import { debianSuite } from '../image/rootfs.js';
import { megabytes, type Log } from '../image/progress.js';
import { buildComponentImages, kubeadmImages } from './component-images.js';
import { containerdConfig, enabledUnits, entrypoint, manifests, nodeImagesDir, otherFiles, units } from './node-files.js';
import { nodeRootfs } from './node-rootfs.js';

/** Bumped when what goes into the node image changes, so a stale local image is rebuilt. */
const nodeImageRevision = 5;

/** The node image the workbook builds: never named kindest/node, so nobody mistakes it for kind's. */
export const localNodeImage = `bare-controller/kind-node:v${kubernetesVersion}-r${nodeImageRevision}`;
/** The Debian layer, revised only when node-rootfs.ts changes what it installs. */
const baseImage = `bare-controller/kind-base:${debianSuite}-r1`;

/** The Kubernetes binaries a node image holds or turns into images. */
const nodeBinaries = ['kubeadm', 'kubelet', 'kubectl', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'etcd'];

/** ~/.cache/bare-controller/kind: kind itself, the node's Debian root, scratch space for the build. */
export function kindCacheDir(): string {
  return join(dirname(dirname(cacheDir())), 'kind');
}

export async function imagePresent(image: string): Promise<boolean> {
  try {
    await docker(['image', 'inspect', '--format', '{{.Id}}', image]);
    return true;
  } catch {
    return false;
  }
}

const since = (started: number) => `${((performance.now() - started) / 1000).toFixed(0)} s`;

/**
 * A kind node image made here, with no registry: Debian (debootstrap) with
 * systemd, containerd, runc and CNI plugins; kubeadm, kubelet and kubectl from
 * the workbook's Go build; the control-plane images kubeadm expects, made from
 * the same build and imported by the node's containerd at boot. Two layers: the
 * Debian root (imported once) and the Kubernetes layer (rebuilt in seconds).
 */
export async function ensureNodeImage(log: Log): Promise<{ image: string; built: boolean; seconds: number; sizeBytes: number }> {
  const started = performance.now();
  if (await imagePresent(localNodeImage)) {
    return { image: localNodeImage, built: false, seconds: 0, sizeBytes: await size(localNodeImage) };
  }
  log(`[kind-image] building ${localNodeImage} (no registry needed)`);
  const binaries = cacheDir();
  const missing = nodeBinaries.filter((name) => !existsSync(join(binaries, name)));
  if (missing.length > 0) {
    log(`[kind-image] building ${missing.join(', ')} from Go modules (minutes per binary on two cores)`);
    await buildWithGo(binaries, log, missing);
  }
  const cache = kindCacheDir();
  mkdirSync(cache, { recursive: true });
  const rootfs = await nodeRootfs(cache, log);

  if (!(await imagePresent(baseImage))) {
    const importStarted = performance.now();
    log(`[kind-image] docker import of the Debian root as ${baseImage}…`);
    await importRootfs(rootfs, baseImage);
    log(`[kind-image] ${baseImage}: ${megabytes(await size(baseImage))} in ${since(importStarted)}`);
  }

  const context = mkdtempSync(join(tmpdir(), 'bare-kind-node-'));
  try {
    const layerStarted = performance.now();
    const root = join(context, 'root');
    const put = (path: string, text: string, mode = 0o644) => {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      chmodSync(target, mode);
    };
    for (const name of ['kubeadm', 'kubelet', 'kubectl']) {
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      copyFileSync(join(binaries, name), join(root, 'usr/bin', name));
      chmodSync(join(root, 'usr/bin', name), 0o755);
    }
    const images = kubeadmImages(join(binaries, 'kubeadm'), kubernetesVersion);
    log('[kind-image] control-plane images (as kubeadm names them):');
    buildComponentImages({ binaries, rootfs, images, into: join(root, nodeImagesDir.slice(1)), log });
    if (images.coredns) log(`[kind-image]   ${images.coredns}: not built; \`npm run kind -- up\` scales CoreDNS to zero (nothing in the workbook resolves names)`);

    put('usr/local/bin/entrypoint', entrypoint, 0o755);
    put('etc/containerd/config.toml', containerdConfig(images.pause));
    for (const [name, text] of Object.entries(units)) put(`etc/systemd/system/${name}`, text);
    for (const unit of enabledUnits) {
      mkdirSync(join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
      symlinkSync(`/etc/systemd/system/${unit}`, join(root, 'etc/systemd/system/multi-user.target.wants', unit));
    }
    for (const [path, text] of Object.entries(otherFiles)) put(path.slice(1), text);
    for (const [name, text] of Object.entries(manifests)) put(`kind/manifests/${name}`, text);
    put('kind/version', `v${kubernetesVersion}`);
    mkdirSync(join(root, 'etc/kubernetes/manifests'), { recursive: true });

    writeFileSync(
      join(context, 'Dockerfile'),
      [
        `FROM ${baseImage}`,
        'COPY root/ /',
        'ENV container=docker',
        'STOPSIGNAL SIGRTMIN+3',
        'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
        `LABEL org.opencontainers.image.description="kind node built locally by bare-controller: Debian ${debianSuite}, Kubernetes v${kubernetesVersion}"`,
        '',
      ].join('\n'),
    );
    log('[kind-image] docker build of the Kubernetes layer…');
    await docker(['build', '--network', 'none', '--force-rm', '-t', localNodeImage, context], {
      onLine: (line) => {
        if (/^Step \d+\/\d+/.test(line) || line.startsWith('Sending build context')) log(`[kind-image]   ${line}`);
      },
    });
    log(`[kind-image] Kubernetes layer built in ${since(layerStarted)}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  const sizeBytes = await size(localNodeImage);
  log(`[kind-image] ${localNodeImage}: ${megabytes(sizeBytes)}, built in ${since(started)}`);
  return { image: localNodeImage, built: true, seconds: (performance.now() - started) / 1000, sizeBytes };
}

async function size(image: string): Promise<number> {
  return Number((await docker(['image', 'inspect', '--format', '{{.Size}}', image])).trim());
}

/** `tar -C rootfs -c . | docker import -`: the Debian root as one layer. */
function importRootfs(rootfs: string, tag: string): Promise<string> {
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar of the node's root file system failed (exit ${code})`))));
  });
  const imported = docker(['import', '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '-', tag], { input: tar.stdout });
  return Promise.all([imported, tarDone]).then(([id]) => id);
}

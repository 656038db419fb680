import type { Todo } from './types.js';

export const deployTodos: readonly Todo[] = [
  {
    id: '8.1',
    file: 'Dockerfile',
    symbol: 'FROM, ENTRYPOINT',
    what: 'the program: `FROM` the Node 24 base, only the bundle (`dist/main.mjs`), `NODE_ENV=production`, `EXPOSE 8080 8081`, an exec-form `ENTRYPOINT` so node itself receives SIGTERM',
    hints: [
      "The bundle (npm run image makes it) already holds your code and its packages: the image needs Node and that one file, nothing else. How the program starts decides who gets the kubelet's SIGTERM.",
      'FROM ${BASE_IMAGE}; ENV NODE_ENV=production; WORKDIR /app; COPY dist/main.mjs /app/main.mjs; EXPOSE 8080 8081 (metrics, probes); an ENTRYPOINT in exec (JSON array) form — a shell string would make sh PID 1, and sh does not pass SIGTERM on.',
      'ENTRYPOINT ["node", "/app/main.mjs"] — plus LABEL org.opencontainers.image.title="mirror-controller" to say what the image is.',
    ],
  },
  {
    id: '8.2',
    file: 'Dockerfile',
    symbol: 'USER',
    what: 'least privilege: remove npm/npx/corepack from the image; a numeric non-root `USER 65532:65532`',
    hints: [
      'What is not in the image cannot be exploited, and a process that is not root cannot do what root can. Pod Security "restricted" also insists on a non-root user it can verify.',
      'RUN rm -rf the package managers the base image ships (under /usr/local/bin and /usr/local/lib/node_modules) — deleting needs no network. Then USER with numbers: runAsNonRoot can check a uid, not a name.',
      'RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack, and USER 65532:65532 after the COPY.',
    ],
  },
  {
    id: '8.3',
    file: 'manifests/base/deployment.yaml',
    symbol: 'Deployment.args',
    what: "the container's `args` and `env`: prefix, metrics port, `--lease-namespace` and `--identity` from the downward API",
    hints: [
      'A pod learns about itself through the downward API: the kubelet fills env vars from the pod\'s own metadata. Each replica needs its own identity in the Lease, and the Lease lives in the pod\'s namespace (stage 6 grants it there only).',
      'Add env POD_NAME and POD_NAMESPACE with valueFrom.fieldRef (metadata.name, metadata.namespace), and args: --prefix=$(MIRROR_PREFIX), --metrics-bind-address=:8080, --health-probe-bind-address=:8081, --lease-namespace=$(POD_NAMESPACE), --identity=$(POD_NAME). $(NAME) in args expands an env var of the container.',
      'env: [{ name: POD_NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }, { name: POD_NAMESPACE, … metadata.namespace }] — and args: [--prefix=$(MIRROR_PREFIX), --metrics-bind-address=:8080, --health-probe-bind-address=:8081, --lease-namespace=$(POD_NAMESPACE), --identity=$(POD_NAME)].',
    ],
  },
  {
    id: '8.4',
    file: 'manifests/base/deployment.yaml',
    symbol: 'Deployment.livenessProbe',
    what: 'liveness `/livez` and readiness `/readyz` on the named port `http-probes` (8081), with periods and thresholds',
    hints: [
      'Liveness decides when the kubelet restarts the container; readiness decides whether the pod counts as up (and when a rollout may stop the next old pod). Liveness must not depend on the API server, or an API outage restarts every replica.',
      'livenessProbe: httpGet /livez (the name Kubernetes components use for liveness) on port http-probes (the name of the containerPort 8081 that --health-probe-bind-address serves, so the probe follows the port), a few seconds of initial delay, a period, a timeout and a failure threshold. readinessProbe: httpGet /readyz on the same port, checked more often.',
      'livenessProbe: { httpGet: { path: /livez, port: http-probes }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 }; readinessProbe: { httpGet: { path: /readyz, port: http-probes }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 }.',
    ],
  },
  {
    id: '8.5',
    file: 'manifests/base/deployment.yaml',
    symbol: 'Deployment.securityContext',
    what: 'the restricted `securityContext`, at pod and at container level',
    hints: [
      'The namespace enforces Pod Security "restricted": the API server refuses a pod that may run as root, escalate privileges, keep capabilities or skip the seccomp filter. The pod has to say so explicitly.',
      'Pod level (spec.template.spec.securityContext): runAsNonRoot with a numeric runAsUser/runAsGroup and a RuntimeDefault seccompProfile. Container level: allowPrivilegeEscalation false, capabilities drop ALL, and a read-only root filesystem (the /tmp volume is there for libraries).',
      'securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: RuntimeDefault } } on the pod; { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } on the container.',
    ],
  },
  {
    id: '8.6',
    file: 'manifests/base/pdb.yaml',
    symbol: 'PodDisruptionBudget',
    what: 'a PodDisruptionBudget that keeps a candidate for the Lease through a drain',
    hints: [
      'A drain evicts pods through the Eviction API, which honours a PodDisruptionBudget. With leader election one replica works and the other waits to take over: what must survive a drain is the handover, not a particular pod.',
      'policy/v1 PodDisruptionBudget `mirror-controller` in bare-controller, selecting app.kubernetes.io/name: mirror-controller, with the labels the other objects carry; minAvailable (or maxUnavailable) chosen and explained in a comment.',
      'spec: { minAvailable: 1, selector: { matchLabels: { app.kubernetes.io/name: mirror-controller } }, unhealthyPodEvictionPolicy: AlwaysAllow } — a pod that never becomes Ready protects nothing, so a drain may evict it.',
    ],
  },
];

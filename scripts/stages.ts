/** The workbook's stages, in order. Folder names are the same in labs/, solutions/ and checkpoints/. */
export interface Stage {
  number: number;
  dir: string;
  title: string;
  /** The client-go names this stage mirrors. */
  mirrors: string;
  /** Needs a Kubernetes API server (every stage but the pure data-structure one). */
  cluster: boolean;
  /** Needs a node where pods run (the deploy stage). */
  node?: boolean;
  /** Written yet? A stage that is not says so instead of running nothing. */
  available: boolean;
}

export const stages: readonly Stage[] = [
  { number: 1, dir: '01-list-watch', title: 'List & watch', mirrors: 'ListerWatcher, Reflector', cluster: true, available: true },
  { number: 2, dir: '02-informer', title: 'Informer cache', mirrors: 'Indexer, Lister, SharedInformer, SharedInformerFactory', cluster: true, available: true },
  { number: 3, dir: '03-workqueue', title: 'Work queue', mirrors: 'Queue, DelayingQueue, RateLimiter, RateLimitingQueue', cluster: false, available: true },
  { number: 4, dir: '04-reconcile', title: 'Reconcile: the mirror controller', mirrors: 'Controller, Reconciler', cluster: true, available: true },
  { number: 5, dir: '05-leader-election', title: 'Leader election', mirrors: 'LeaderElector, LeaseLock', cluster: true, available: true },
  { number: 6, dir: '06-rbac', title: 'RBAC and admission policy', mirrors: 'Role, ValidatingAdmissionPolicy', cluster: true, available: true },
  { number: 7, dir: '07-metrics', title: 'Metrics and health probes', mirrors: 'workqueue metrics, healthz/readyz', cluster: true, available: true },
  { number: 8, dir: '08-deploy', title: 'Deploy', mirrors: 'Deployment, ServiceAccount', cluster: true, node: true, available: true },
];

export function stageByNumber(n: number): Stage | undefined {
  return stages.find((s) => s.number === n);
}

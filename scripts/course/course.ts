/**
 * The course description, in one place (rustlings' info.toml): the stages in
 * order and, per stage, the TODOs a learner writes, with hints from a nudge to
 * a near-answer. Folder names are the same in labs/, solutions/ and
 * checkpoints/; TODO ids match the `lab:todo` regions in solutions/ (a unit
 * test keeps both ways true). Read by npm start, npm run lab:N, the checkpoint
 * harness (`look: todo('1.3')`), npm test's per-TODO proof and labs:build's checks.
 */
import { listWatchTodos } from './01-list-watch.js';
import { informerTodos } from './02-informer.js';
import { workqueueTodos } from './03-workqueue.js';
import { reconcileTodos } from './04-reconcile.js';
import { leaderElectionTodos } from './05-leader-election.js';
import { rbacTodos } from './06-rbac.js';
import { metricsTodos } from './07-metrics.js';
import { deployTodos } from './08-deploy.js';
import type { Stage, Todo } from './types.js';

export type { Stage, Todo } from './types.js';

export const stages: readonly Stage[] = [
  { number: 1, dir: '01-list-watch', title: 'List & watch', clientGoNames: 'ListerWatcher, Reflector', cluster: true, available: true, todos: listWatchTodos },
  { number: 2, dir: '02-informer', title: 'Informer cache', clientGoNames: 'Indexer, Lister, SharedIndexInformer, SharedInformerFactory', cluster: true, available: true, todos: informerTodos },
  { number: 3, dir: '03-workqueue', title: 'Work queue', clientGoNames: 'Queue, DelayingQueue, RateLimiter, RateLimitingQueue', cluster: false, available: true, todos: workqueueTodos },
  { number: 4, dir: '04-reconcile', title: 'Reconcile: the mirror controller', clientGoNames: 'Controller, Reconciler, MutationCache', cluster: true, controllers: true, available: true, todos: reconcileTodos },
  { number: 5, dir: '05-leader-election', title: 'Leader election', clientGoNames: 'LeaderElector, LeaseLock', cluster: true, available: true, todos: leaderElectionTodos },
  { number: 6, dir: '06-rbac', title: 'RBAC and admission policy', clientGoNames: 'Role, ValidatingAdmissionPolicy', cluster: true, controllers: true, available: true, todos: rbacTodos },
  { number: 7, dir: '07-metrics', title: 'Metrics and health probes', clientGoNames: 'workqueue metrics, healthz/readyz', cluster: true, available: true, todos: metricsTodos },
  { number: 8, dir: '08-deploy', title: 'Deploy', clientGoNames: 'Deployment, ServiceAccount, PodDisruptionBudget', cluster: true, controllers: true, node: true, available: true, todos: deployTodos },
];

export function stageByNumber(n: number): Stage | undefined {
  return stages.find((s) => s.number === n);
}

/** The TODO with this id and the stage it belongs to. */
export function findTodo(id: string): { stage: Stage; todo: Todo } | undefined {
  for (const stage of stages) {
    const todo = stage.todos.find((t) => t.id === id);
    if (todo) return { stage, todo };
  }
  return undefined;
}

/** The shapes of the course description: a stage and the TODOs a learner writes in it. */
export interface Todo {
  /** `<stage>.<n>`, as in the skeleton's `todo('1.3 …')` and the lab README's steps. */
  id: string;
  /** Where the learner writes it, inside the stage folder ('manifests/base/pdb.yaml'). */
  file: string;
  /**
   * What to look for in that file, one name or several (`Queue.add, Queue.len`):
   * `Class.member` or a function in code; `Kind` or `Kind.field` in YAML; an
   * instruction (`USER`) in a Dockerfile.
   */
  symbol: string;
  /** One line: what to write (the lab README's steps table says the same). */
  what: string;
  /** Shown one at a time: the concept first, then the shape of the code, then a near-answer. */
  hints: string[];
}

export interface Stage {
  number: number;
  dir: string;
  title: string;
  /** The client-go (or Kubernetes) names this stage builds. */
  clientGoNames: string;
  /** Needs a Kubernetes API server (every stage but the pure data-structure one). */
  cluster: boolean;
  /** Its checkpoints wait for kube-controller-manager's work (a namespace deleted, Terminating): a first run builds it too. */
  controllers?: boolean;
  /** Needs a node where pods run (the deploy stage). */
  node?: boolean;
  /** Written yet? A stage that is not says so instead of running nothing. */
  available: boolean;
  todos: readonly Todo[];
}

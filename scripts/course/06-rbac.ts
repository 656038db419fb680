import type { Todo } from '../course.js';

export const rbacTodos: readonly Todo[] = [
  {
    id: '6.1',
    file: 'rbac.yaml',
    symbol: 'ClusterRole',
    what: 'ClusterRole + ClusterRoleBinding for the ServiceAccount',
    hints: [
      'RBAC grants verbs on resources to subjects. A ClusterRole holds the rules cluster-wide; a ClusterRoleBinding gives them to a subject — here the ServiceAccount the controller runs as.',
      'Two documents separated by ---: a ClusterRole `bare-controller-mirror` (rbac.authorization.k8s.io/v1, with rules: TODO 6.2) and a ClusterRoleBinding of the same name whose roleRef names it and whose subjects list the ServiceAccount mirror-controller in bare-controller.',
      'kind: ClusterRoleBinding, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bare-controller-mirror }, subjects: [{ kind: ServiceAccount, name: mirror-controller, namespace: bare-controller }]',
    ],
  },
  {
    id: '6.2',
    file: 'rbac.yaml',
    symbol: 'ClusterRole.rules',
    what: "the ClusterRole's rules: what the informers, reconcile and the EventRecorder do, no more",
    hints: [
      "Least privilege: every request the controller makes is allowed, nothing else. Derive the verbs from the code, not from habit: informers LIST and WATCH, reconcile reads the cache (no get) and replaces whole objects (update, no patch).",
      'Three rules in the core group (""): configmaps — the informer verbs plus the writes reconcile makes; namespaces — the informer verbs only; events — what the EventRecorder does. No "*".',
      'configmaps: ["list", "watch", "create", "update", "delete"]; namespaces: ["list", "watch"]; events: ["create"].',
    ],
  },
  {
    id: '6.3',
    file: 'rbac.yaml',
    symbol: 'Role',
    what: 'Role + RoleBinding for the Lease, with `resourceNames` where it works',
    hints: [
      "Leader election needs a Lease, and only one, in the controller's own namespace — a namespaced Role is enough. resourceNames narrows a rule to named objects, but some verbs have no name to check at authorization time.",
      'A Role and RoleBinding `bare-controller-mirror-leader-election` in bare-controller, on leases in coordination.k8s.io: get and update limited to resourceNames [mirror-controller], and create in a rule of its own.',
      'create cannot be limited by name: the name is not known before the object exists. rules: [{ apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] }, { …, resourceNames: ["mirror-controller"], verbs: ["get", "update"] }].',
    ],
  },
  {
    id: '6.4',
    file: 'policy.yaml',
    symbol: 'ValidatingAdmissionPolicy',
    what: 'a ValidatingAdmissionPolicy and its binding: only the controller writes mirrors; namespace deletion still works',
    hints: [
      'RBAC cannot say "configmaps, but not mirrors". An admission policy can: its CEL expressions see the object, the old object, the request (user, operation) and the namespace, and the API server evaluates them itself — and it does nothing until a binding says Deny.',
      "Match configmaps on CREATE, UPDATE, DELETE. Variables: the object (oldObject for a DELETE, object otherwise), whether it carries the managed-by mark, whether the user is the controller's ServiceAccount. Validation: not a mirror, or the controller, or a DELETE in a namespace being deleted. Then a binding with validationActions [Deny].",
      "expression: \"!variables.isMirror || variables.byController || (request.operation == 'DELETE' && has(namespaceObject.metadata.deletionTimestamp))\", with a messageExpression that names the source annotation.",
    ],
  },
  {
    id: '6.5',
    file: 'policy.yaml',
    symbol: 'ValidatingAdmissionPolicy.validations',
    what: 'a mirror never carries `mirror=true`',
    hints: [
      'A mirror labelled mirror=true would become a source and be mirrored again, forever. That must be refused for everyone, the controller included.',
      'A second validation: a DELETE is fine, a ConfigMap without the managed-by mark is fine; otherwise the label mirror must not be "true".',
      "expression: \"request.operation == 'DELETE' || !variables.isMirror || !('mirror' in variables.cm.metadata.labels && variables.cm.metadata.labels['mirror'] == 'true')\", reason: Invalid.",
    ],
  },
];

import type { Todo } from './types.js';

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
      'configmaps: ["list", "watch", "create", "update", "delete"]; namespaces: ["list", "watch"]; events: ["create", "patch"] (the recorder creates an Event, then patches its count).',
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
  {
    id: '6.6',
    file: 'policy.yaml',
    symbol: 'ValidatingAdmissionPolicy.paramKind',
    what: "a second policy and binding: the controller writes ConfigMaps only in namespaces starting with its prefix, read from a parameter",
    hints: [
      "RBAC grants ConfigMaps in every namespace, kube-system included: it has no \"names starting with\". A policy can compare the namespace's name with the prefix — and with paramKind the prefix is data (a ConfigMap the binding names), so a new prefix needs no new policy.",
      "The policy: paramKind { apiVersion: v1, kind: ConfigMap }; matchConstraints on configmaps CREATE/UPDATE/DELETE; matchConditions so only the controller's username is judged; one validation on namespaceObject.metadata.name and params.data.prefix. The binding: validationActions [Deny] and paramRef { name: mirror-controller-prefix, namespace: bare-controller, parameterNotFoundAction: Allow } — Allow, because the API server looks the parameter up before matchConditions: with Deny a missing parameter would refuse everyone's ConfigMap writes.",
      "matchConditions: [{ name: by-the-controller, expression: \"request.userInfo.username == 'system:serviceaccount:bare-controller:mirror-controller'\" }]; validation expression: \"has(params.data) && 'prefix' in params.data && params.data.prefix != '' && namespaceObject.metadata.name.startsWith(params.data.prefix)\", messageExpression: \"'mirror-controller writes ConfigMaps only in namespaces starting with ' + params.data.prefix + '; ' + namespaceObject.metadata.name + ' is not one'\".",
    ],
  },
  {
    id: '6.7',
    file: 'prefix-webhook.ts',
    symbol: 'reviewPrefix',
    what: 'the same rule as a webhook: an AdmissionReview in, an AdmissionReview out',
    hints: [
      "A validating webhook is an HTTPS endpoint the API server POSTs an AdmissionReview to, for each matching request, and waits for the answer. WebhookServer does the HTTPS; reviewPrefix is the decision: who asks (request.userInfo.username), where (request.namespace).",
      "Return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid, allowed } }. allowed is true for anyone but rule.username, and for rule.username only when the namespace starts with a non-empty rule.prefix. When not allowed, add status: { code: 403, reason: 'Forbidden', message } naming the prefix.",
      "const allowed = request.userInfo.username !== rule.username || (rule.prefix !== '' && (request.namespace ?? '').startsWith(rule.prefix)); return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid, allowed, ...(allowed ? {} : { status: { code: 403, reason: 'Forbidden', message: `only in namespaces starting with \"${rule.prefix}\"; ${request.namespace} is not one` } }) } };",
    ],
  },
  {
    id: '6.8',
    file: 'webhook-configuration.ts',
    symbol: 'prefixWebhookConfiguration',
    what: 'the ValidatingWebhookConfiguration: url and caBundle, rules, matchConditions, failurePolicy Fail, a timeout, sideEffects None',
    hints: [
      "The configuration tells the API server where the webhook is (clientConfig), which CA to trust for it (caBundle), which requests to send (rules, matchConditions), how long to wait (timeoutSeconds) and what to do when it cannot get an answer (failurePolicy). Fail keeps the rule even when the webhook is down — and then blocks every write it matches.",
      "One webhook named prefix.bare-controller.dev: clientConfig { url: options.url, caBundle: the CA PEM in base64 }; rules [{ apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'], operations: CREATE/UPDATE/DELETE, scope: 'Namespaced' }]; matchConditions on request.userInfo.username; failurePolicy 'Fail'; timeoutSeconds 5; sideEffects 'None'; admissionReviewVersions ['v1'].",
      "caBundle: Buffer.from(options.caPem).toString('base64'); matchConditions: [{ name: 'by-the-controller', expression: `request.userInfo.username == '${options.username}'` }].",
    ],
  },
];

/**
 * What a test API server (no node) leaves out. Every group it serves is
 * installed, stored, and written into the OpenAPI document at start, and every
 * admission plugin starts informers; together these are ~0.2 s of a ~1 s start.
 *
 * Kept because the checkpoints or the controller manager use them: core,
 * apps and policy (stage 8's Deployment and PodDisruptionBudget),
 * coordination (leases), rbac, authentication and authorization (TokenRequest,
 * TokenReview, SubjectAccessReview), admissionregistration (stage 6's
 * ValidatingAdmissionPolicy and webhooks), apiextensions and apiregistration,
 * events, discovery and networking (the Service IP allocator uses ServiceCIDRs),
 * scheduling (the priority classes every Pod is admitted against).
 *
 * A cluster with a node keeps everything: the kubelet, scheduler and
 * controllers of a node watch storage, node and resource objects.
 */
const unneededApiGroups = [
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  // Priority and fairness is off (--enable-priority-and-fairness=false): nothing reads its configuration.
  'flowcontrol.apiserver.k8s.io/v1',
  'node.k8s.io/v1',
  'resource.k8s.io/v1',
  'storage.k8s.io/v1',
];

/**
 * Default-on admission plugins no checkpoint meets. Kept: NamespaceLifecycle,
 * ServiceAccount, PodSecurity (stage 8 checks "restricted"), Priority,
 * ValidatingAdmissionPolicy and the two webhook plugins (stage 6).
 */
const unneededAdmissionPlugins = [
  'LimitRanger',
  'ResourceQuota',
  'DefaultStorageClass',
  'PersistentVolumeClaimResize',
  'StorageObjectInUseProtection',
  'DefaultTolerationSeconds',
  'TaintNodesByCondition',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'CertificateSubjectRestriction',
  'ClusterTrustBundleAttest',
  'DefaultIngressClass',
  'MutatingAdmissionPolicy',
  'PodTopologyLabels',
  'PodGroupProtection',
  'PodGroupWorkloadExists',
  'NodeDeclaredFeatureValidator',
  'JobValidation',
  'PodResizeValidator',
];

/** kube-apiserver flags for a test cluster without a node. */
export function testClusterApiserverFlags(): string[] {
  return [
    `--runtime-config=${unneededApiGroups.map((group) => `${group}=false`).join(',')}`,
    `--disable-admission-plugins=${unneededAdmissionPlugins.join(',')}`,
  ];
}

export interface RequestDescription {
  /** Kubernetes verb as RBAC and audit logs name it: get, list, watch, create, update, patch, delete, deletecollection. */
  verb: string;
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * Names a request the way the API server's RequestInfo does, from method and
 * path: /api/v1/namespaces/ns/configmaps → list configmaps in ns;
 * …/configmaps/x → get; ?watch=true → watch.
 */
export function describeRequest(method: string, url: URL): RequestDescription {
  const parts = url.pathname.split('/').filter(Boolean);
  // /api/v1/... or /apis/<group>/<version>/...
  let rest: string[];
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') rest = parts.slice(3);
  else return { verb: method.toLowerCase() };

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  const watch = url.searchParams.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };
  let verb: string;
  if (method === 'GET') verb = isWatch ? 'watch' : name ? 'get' : 'list';
  else if (method === 'DELETE') verb = name ? 'delete' : 'deletecollection';
  else verb = verbs[method] ?? method.toLowerCase();
  return { verb, resource, namespace, name, subresource };
}

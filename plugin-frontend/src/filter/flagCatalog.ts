/**
 * The `hubble observe` flags the filter builder offers, grouped as the user thinks of them
 * (a field, and whether it applies to either end, the source or the destination).
 * Flag names and value syntax: cilium/cilium hubble/cmd/observe (see reference/hubble-api.md §4.1).
 */

/** Where the backend's resources can suggest values for a field. */
export type CompletionSource =
  | 'namespaces'
  | 'pods'
  | 'workloads'
  | 'labels'
  | 'fqdns'
  | 'verdicts'
  | 'drop-reasons'
  | 'nodes';

export type Direction = 'either' | 'from' | 'to';

export interface FilterField {
  id: string;
  label: string;
  description: string;
  /** Flag per direction; fields without direction only have `either`. */
  flags: Partial<Record<Direction, string>>;
  placeholder?: string;
  /** Fixed choices (the user may still type another value). */
  options?: string[];
  completion?: CompletionSource;
}

export const VERDICTS = ['FORWARDED', 'DROPPED', 'AUDIT', 'REDIRECTED', 'ERROR', 'TRACED', 'TRANSLATED'];
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv4', 'icmpv6', 'sctp', 'dns', 'http', 'kafka'];
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The DNS query has no CLI flag; Hubble reaches it only through a raw FlowFilter in `--allowlist`. */
export const DNS_QUERY_FIELD_ID = 'dns_query';

export const FILTER_FIELDS: FilterField[] = [
  {
    id: 'namespace',
    label: 'Namespace',
    description: 'Kubernetes namespace of the pod',
    flags: { either: '--namespace', from: '--from-namespace', to: '--to-namespace' },
    completion: 'namespaces',
    placeholder: 'kube-system',
  },
  {
    id: 'pod',
    label: 'Pod',
    description: 'Pod name prefix, as namespace/pod',
    flags: { either: '--pod', from: '--from-pod', to: '--to-pod' },
    completion: 'pods',
    placeholder: 'default/frontend',
  },
  {
    id: 'workload',
    label: 'Workload',
    description: 'Workload name, or Kind/name',
    flags: { either: '--workload', from: '--from-workload', to: '--to-workload' },
    completion: 'workloads',
    placeholder: 'Deployment/checkout',
  },
  {
    id: 'label',
    label: 'Label',
    description: 'Endpoint label selector, e.g. k8s:app=foo',
    flags: { either: '--label', from: '--from-label', to: '--to-label' },
    completion: 'labels',
    placeholder: 'k8s:app=frontend',
  },
  {
    id: 'fqdn',
    label: 'FQDN',
    description: 'DNS name of the endpoint (wildcards allowed)',
    flags: { either: '--fqdn', from: '--from-fqdn', to: '--to-fqdn' },
    completion: 'fqdns',
    placeholder: '*.example.com',
  },
  {
    id: 'ip',
    label: 'IP',
    description: 'IP address or CIDR',
    flags: { either: '--ip', from: '--from-ip', to: '--to-ip' },
    placeholder: '10.0.0.0/8',
  },
  {
    id: 'port',
    label: 'Port',
    description: 'L4 port number',
    flags: { either: '--port', from: '--from-port', to: '--to-port' },
    placeholder: '443',
  },
  {
    id: 'identity',
    label: 'Identity',
    description: 'Security identity number or reserved name',
    flags: { either: '--identity', from: '--from-identity', to: '--to-identity' },
    options: ['world', 'host', 'kube-apiserver', 'remote-node', 'health', 'ingress', 'unmanaged'],
  },
  {
    id: 'protocol',
    label: 'Protocol',
    description: 'L4 or L7 protocol',
    flags: { either: '--protocol' },
    options: PROTOCOLS,
  },
  {
    id: 'verdict',
    label: 'Verdict',
    description: 'What Cilium did with the flow',
    flags: { either: '--verdict' },
    options: VERDICTS,
    completion: 'verdicts',
  },
  {
    id: 'drop_reason',
    label: 'Drop reason',
    description: 'Why a flow was dropped, e.g. POLICY_DENIED',
    flags: { either: '--drop-reason-desc' },
    completion: 'drop-reasons',
    placeholder: 'POLICY_DENIED',
  },
  {
    id: 'http_status',
    label: 'HTTP status',
    description: 'Status code or class prefix, e.g. 404 or 5+',
    flags: { either: '--http-status' },
    options: ['2+', '3+', '4+', '5+', '200', '404', '500', '503'],
  },
  {
    id: 'http_method',
    label: 'HTTP method',
    description: 'Request method',
    flags: { either: '--http-method' },
    options: HTTP_METHODS,
  },
  {
    id: 'http_path',
    label: 'HTTP path',
    description: 'Regular expression on the request path',
    flags: { either: '--http-path' },
    placeholder: '^/api/',
  },
  {
    id: DNS_QUERY_FIELD_ID,
    label: 'DNS query',
    description:
      'Regular expression on the DNS query name. Hubble has no flag for it, so it is sent as a separate ' +
      '--allowlist filter, which Hubble ORs with the other flags.',
    flags: {},
    placeholder: '\\.svc\\.cluster\\.local\\.$',
  },
  {
    id: 'traffic_direction',
    label: 'Traffic direction',
    description: 'ingress or egress, seen from the endpoint',
    flags: { either: '--traffic-direction' },
    options: ['ingress', 'egress'],
  },
  {
    id: 'node',
    label: 'Node',
    description: 'Node name pattern, e.g. k8s* or cluster/node',
    flags: { either: '--node-name' },
    completion: 'nodes',
  },
  {
    id: 'type',
    label: 'Event type',
    description: 'TYPE[:SUBTYPE], e.g. drop, l7, trace:to-endpoint',
    flags: { either: '--type' },
    options: ['drop', 'l7', 'trace', 'policy-verdict', 'capture', 'trace-sock'],
  },
];

/** Short aliases the CLI accepts, mapped to their long names. */
export const FLAG_ALIASES: Record<string, string> = {
  '-n': '--namespace',
  '-l': '--label',
  '-t': '--type',
  '-A': '--all-namespaces',
  '-4': '--ipv4',
  '-6': '--ipv6',
  '-f': '--follow',
};

/** Flags that take no value (everything else takes exactly one). */
export const VALUELESS_FLAGS = new Set([
  '--all-namespaces',
  '--from-all-namespaces',
  '--to-all-namespaces',
  '--ipv4',
  '--ipv6',
  '--encrypted',
  '--unencrypted',
  '--follow',
  '--all',
  '--not',
  '--print-raw-filters',
  // NetObs shorthands for --protocol dns|http|kafka (the backend's ObserveFlags).
  '--dns',
  '--http',
  '--kafka',
]);

export interface FieldMatch {
  field: FilterField;
  direction: Direction;
}

const FIELD_BY_FLAG = new Map<string, FieldMatch>();
for (const field of FILTER_FIELDS) {
  for (const [direction, flag] of Object.entries(field.flags) as Array<[Direction, string]>) {
    FIELD_BY_FLAG.set(flag, { field, direction });
  }
}

export function canonicalFlag(flag: string): string {
  return FLAG_ALIASES[flag] ?? flag;
}

export function fieldForFlag(flag: string): FieldMatch | undefined {
  return FIELD_BY_FLAG.get(canonicalFlag(flag));
}

export function fieldById(id: string): FilterField | undefined {
  return FILTER_FIELDS.find((f) => f.id === id);
}

export function takesValue(flag: string): boolean {
  return !VALUELESS_FLAGS.has(canonicalFlag(flag));
}

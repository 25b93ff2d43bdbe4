import { contractFlag, FILTER_FLAGS, findFlag } from '../contract/contract';

/**
 * The `hubble observe` flags the filter builder offers, grouped as the user thinks of them
 * (a field, and whether it applies to either end, the source or the destination).
 * The flags themselves (names, short forms, which take a value, closed value sets) come from the
 * backend's contract (src/contract/filter-flags.json); this file adds only what the editor shows.
 */

/** Where the backend's resources can suggest values for a field. */
export type CompletionSource =
  'namespaces' | 'pods' | 'workloads' | 'labels' | 'fqdns' | 'verdicts' | 'drop-reasons' | 'nodes' | 'clusters';

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

export const VERDICTS = contractFlag('--verdict').choices;
export const PROTOCOLS = contractFlag('--protocol').choices;
/** Suggestions only: the backend accepts any method. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The flag for either end and, where the backend has them, its `--from-` and `--to-` variants. */
function directional(either: string): Partial<Record<Direction, string>> {
  const name = contractFlag(either).flag.slice(2);
  const flags: Partial<Record<Direction, string>> = { either };
  const from = findFlag(`--from-${name}`);
  const to = findFlag(`--to-${name}`);
  if (from) {
    flags.from = from.flag;
  }
  if (to) {
    flags.to = to.flag;
  }
  return flags;
}

/** A flag without direction. */
function single(flag: string): Partial<Record<Direction, string>> {
  return { either: contractFlag(flag).flag };
}

/** The DNS query has no CLI flag; Hubble reaches it only through a raw FlowFilter in `--allowlist`. */
export const DNS_QUERY_FIELD_ID = 'dns_query';

export const FILTER_FIELDS: FilterField[] = [
  {
    id: 'namespace',
    label: 'Namespace',
    description: 'Kubernetes namespace of the pod',
    flags: directional('--namespace'),
    completion: 'namespaces',
    placeholder: 'kube-system',
  },
  {
    id: 'pod',
    label: 'Pod',
    description: 'Pod name prefix, as namespace/pod',
    flags: directional('--pod'),
    completion: 'pods',
    placeholder: 'default/frontend',
  },
  {
    id: 'workload',
    label: 'Workload',
    description: 'Workload name, or Kind/name',
    flags: directional('--workload'),
    completion: 'workloads',
    placeholder: 'Deployment/checkout',
  },
  {
    id: 'label',
    label: 'Label',
    description: 'Endpoint label selector, e.g. k8s:app=foo',
    flags: directional('--label'),
    completion: 'labels',
    placeholder: 'k8s:app=frontend',
  },
  {
    id: 'fqdn',
    label: 'FQDN',
    description: 'DNS name of the endpoint (wildcards allowed)',
    flags: directional('--fqdn'),
    completion: 'fqdns',
    placeholder: '*.example.com',
  },
  {
    id: 'ip',
    label: 'IP',
    description: 'IP address or CIDR',
    flags: directional('--ip'),
    placeholder: '10.0.0.0/8',
  },
  {
    id: 'port',
    label: 'Port',
    description: 'L4 port number',
    flags: directional('--port'),
    placeholder: '443',
  },
  {
    id: 'identity',
    label: 'Identity',
    description: 'Security identity number or reserved name',
    flags: directional('--identity'),
    options: contractFlag('--identity').choices,
  },
  {
    id: 'protocol',
    label: 'Protocol',
    description: 'L4 or L7 protocol',
    flags: single('--protocol'),
    options: PROTOCOLS,
  },
  {
    id: 'verdict',
    label: 'Verdict',
    description: 'What Cilium did with the flow',
    flags: single('--verdict'),
    options: VERDICTS,
    completion: 'verdicts',
  },
  {
    id: 'drop_reason',
    label: 'Drop reason',
    description: 'Why a flow was dropped, e.g. POLICY_DENIED',
    flags: single('--drop-reason-desc'),
    completion: 'drop-reasons',
    placeholder: 'POLICY_DENIED',
  },
  {
    id: 'http_status',
    label: 'HTTP status',
    description: 'Status code or class prefix, e.g. 404 or 5+',
    flags: single('--http-status'),
    options: ['2+', '3+', '4+', '5+', '200', '404', '500', '503'],
  },
  {
    id: 'http_method',
    label: 'HTTP method',
    description: 'Request method',
    flags: single('--http-method'),
    options: HTTP_METHODS,
  },
  {
    id: 'http_path',
    label: 'HTTP path',
    description: 'Regular expression on the request path',
    flags: single('--http-path'),
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
    flags: single('--traffic-direction'),
    options: contractFlag('--traffic-direction').choices,
  },
  {
    id: 'node',
    label: 'Node',
    description: 'Node name pattern, e.g. k8s* or cluster/node',
    flags: single('--node-name'),
    completion: 'nodes',
  },
  {
    id: 'cluster',
    label: 'Cluster',
    description: 'Cluster of the node that observed the flow (node names read cluster/node), * allowed',
    // Not directional: --from-cluster and --to-cluster name the endpoints' clusters, a different field.
    flags: single('--cluster'),
    completion: 'clusters',
  },
  {
    id: 'type',
    label: 'Event type',
    description: 'TYPE[:SUBTYPE], e.g. drop, l7, trace:to-endpoint',
    flags: single('--type'),
    options: contractFlag('--type').choices,
  },
];

/** Short aliases the backend accepts, mapped to their long names. */
export const FLAG_ALIASES: Record<string, string> = Object.fromEntries(
  FILTER_FLAGS.filter((f) => f.short !== null).map((f) => [f.short as string, f.flag])
);

/** Flags that take no value (everything else takes exactly one). */
export const VALUELESS_FLAGS = new Set(FILTER_FLAGS.filter((f) => !f.takesValue).map((f) => f.flag));

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

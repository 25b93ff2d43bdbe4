import { DataQuery, DataSourceJsonData } from '@grafana/schema';

import { DIMENSIONS } from './contract/contract';

/** The shapes a query can produce; the backend routes on this value. */
export type QueryType = 'flows' | 'timeseries' | 'topk' | 'servicemap' | 'status' | 'coverage';

export type Metric = 'count' | 'rate' | 'p50' | 'p90' | 'p95' | 'p99';

export type NodeKind = 'workload' | 'pod' | 'namespace' | 'identity';

/**
 * One Grafana query against Hubble Relay. The JSON shape is the contract with the C# backend and
 * the dashboard templates (DESIGN.md, "Query model"): keep names stable.
 */
export interface NetObsQuery extends DataQuery {
  queryType?: QueryType;
  /** `hubble observe` flags, e.g. `--namespace pets --verdict DROPPED`. */
  filter?: string;
  groupBy?: string[];
  metric?: Metric;
  limit?: number;
  k?: number;
  nodeKind?: NodeKind;
  /** Run the flows query as a live stream (Explore's live tail sets this for the request). */
  stream?: boolean;
  /** Editor-only: which filter editor the user last chose. The backend ignores it. */
  editorMode?: EditorMode;
}

export type EditorMode = 'builder' | 'code';

export const DEFAULT_QUERY: Partial<NetObsQuery> = {
  queryType: 'flows',
  filter: '',
  editorMode: 'builder',
};

export const QUERY_TYPES: Array<{ value: QueryType; label: string; description: string }> = [
  { value: 'flows', label: 'Flows', description: 'Individual flows as a table or log lines' },
  { value: 'timeseries', label: 'Time series', description: 'Flow counts or rates per interval, grouped' },
  { value: 'topk', label: 'Top N', description: 'The k largest groups, ranked' },
  { value: 'servicemap', label: 'Service map', description: 'Nodes and edges for the Node Graph panel' },
  { value: 'status', label: 'Status', description: 'Relay health: nodes, flows seen, uptime' },
  {
    value: 'coverage',
    label: 'Coverage',
    description: 'With a NetObs history server: stored ranges, gaps and lost events per cluster and node',
  },
];

/** Group-by dimension names the backend understands, from its contract (src/contract/group-by-dimensions.json). */
export const GROUP_BY_DIMENSIONS: readonly string[] = DIMENSIONS.map((d) => d.name);

export const METRICS: Array<{ value: Metric; label: string; description: string }> = [
  { value: 'count', label: 'Count', description: 'Flows per interval' },
  { value: 'rate', label: 'Rate', description: 'Flows per second' },
  { value: 'p50', label: 'p50 latency', description: 'Median L7 latency' },
  { value: 'p90', label: 'p90 latency', description: '90th percentile L7 latency' },
  { value: 'p95', label: 'p95 latency', description: '95th percentile L7 latency' },
  { value: 'p99', label: 'p99 latency', description: '99th percentile L7 latency' },
];

export const NODE_KINDS: Array<{ value: NodeKind; label: string }> = [
  { value: 'workload', label: 'Workload' },
  { value: 'pod', label: 'Pod' },
  { value: 'namespace', label: 'Namespace' },
  { value: 'identity', label: 'Identity' },
];

/** Which query fields each query type uses; switching types keeps only the fields the new type reads. */
export const FIELDS_BY_QUERY_TYPE: Record<QueryType, ReadonlyArray<keyof NetObsQuery>> = {
  flows: ['filter', 'limit', 'stream'],
  timeseries: ['filter', 'groupBy', 'metric'],
  topk: ['filter', 'groupBy', 'metric', 'k'],
  servicemap: ['filter', 'nodeKind', 'limit'],
  status: [],
  coverage: ['filter'],
};

/** Coverage reads only where flows were observed; the history server refuses other flags for it. */
export const COVERAGE_FILTER_FLAGS: readonly string[] = ['--cluster', '--node-name'];

/** How the connection to Hubble Relay is secured. Derived from `url` and jsonData flags. */
export type TlsMode = 'none' | 'tls' | 'mtls';

/** jsonData of a NetObs data source (DESIGN.md, "Data source settings"). */
export interface NetObsOptions extends DataSourceJsonData {
  tlsAuth?: boolean;
  tlsAuthWithCACert?: boolean;
  tlsSkipVerify?: boolean;
  serverName?: string;
  /** Seconds. */
  timeout?: number;
  defaultLimit?: number;
  maxLimit?: number;
}

/** secureJsonData: write-only from the browser; Grafana only reports whether each key is set. */
export interface NetObsSecureJsonData {
  tlsCACert?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
}

/** What a template variable lists. */
export type VariableQueryKind = 'namespaces' | 'pods' | 'workloads' | 'nodes' | 'clusters' | 'labels' | 'label-values';

export interface NetObsVariableQuery extends DataQuery {
  kind: VariableQueryKind;
  namespace?: string;
  labelKey?: string;
}

/** Body of `{"values":[...]}` answers from the backend's list resources. */
export interface ValuesResponse {
  values: string[];
}

/** Answer of `POST validate`. */
export type ValidateResponse =
  | { valid: true; canonical: string; allowlist?: unknown[]; denylist?: unknown[] }
  | { valid: false; error: FilterError };

export interface FilterError {
  message: string;
  /** 0-based character offset into the filter string. */
  position?: number;
  token?: string;
}

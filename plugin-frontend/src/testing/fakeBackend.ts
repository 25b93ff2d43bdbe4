import { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';

import { ArgumentSyntaxError } from '../filter/arguments';
import { findFlag } from '../contract/contract';
import { canonicalFlag } from '../filter/flagCatalog';
import { parseFilter } from '../filter/filterModel';

/** Resource answers the fake backend gives, keyed by resource path. */
export const FAKE_RESOURCES: Record<string, string[]> = {
  namespaces: ['default', 'kube-system', 'pets', 'monitoring'],
  pods: ['pets/frontend-7d9c', 'pets/catalog-5f6b', 'kube-system/coredns-abc12'],
  workloads: ['pets/frontend', 'pets/catalog', 'kube-system/cilium'],
  nodes: ['aks-nodepool1-0', 'aks-nodepool1-1'],
  clusters: ['default', 'eu-west'],
  labels: ['app', 'io.kubernetes.pod.namespace', 'k8s-app'],
  fqdns: ['api.github.com', 'login.microsoftonline.com'],
  verdicts: ['FORWARDED', 'DROPPED', 'AUDIT', 'REDIRECTED', 'ERROR', 'TRACED', 'TRANSLATED'],
  'drop-reasons': ['POLICY_DENIED', 'CT_MAP_INSERTION_FAILED', 'STALE_OR_UNROUTABLE_IP'],
};

export interface RecordedRequest {
  method: string;
  path: string;
  params?: Record<string, unknown>;
  data?: unknown;
}

/**
 * Stands in for Grafana's BackendSrv in front of the plugin backend's resources (DESIGN.md,
 * "Backend resources"), so editors and the data source run their real request code.
 * `validate` rejects flags missing from the backend's flag contract with the position and token, as its parser does.
 */
export class FakeBackend {
  readonly requests: RecordedRequest[] = [];
  failing = false;
  /**
   * `meta.channel` the backend answers for a streamed query, by refId: the backend alone names channels, so the
   * fake takes them as given rather than computing any path.
   */
  liveChannels: Record<string, string> = {};

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    const match = /\/api\/datasources\/uid\/[^/]+\/resources\/(.+)$/.exec(options.url);
    const path = match?.[1] ?? options.url;
    const method = options.method ?? 'GET';
    this.requests.push({ method, path, params: options.params, data: options.data });
    if (this.failing) {
      return throwError(() => ({ status: 502, data: { message: 'relay unreachable at 127.0.0.1:4245' } }));
    }
    const body = this.answer(method, path, options) as T;
    return of({ data: body, status: 200, ok: true } as FetchResponse<T>);
  }

  /** /api/ds/query: one frame per query, with the configured live channel for queries sent with `stream: true`. */
  private queryAnswer(body: { queries: Array<{ refId: string; stream?: boolean }> }): FakeQueryAnswer {
    const results: FakeQueryAnswer['results'] = {};
    for (const q of body.queries) {
      results[q.refId] = { frames: [frameOf(q.refId, q.stream ? this.liveChannels[q.refId] : undefined)] };
    }
    return { results };
  }

  asBackendSrv(): BackendSrv {
    return { fetch: (o: BackendSrvRequest) => this.fetch(o) } as unknown as BackendSrv;
  }

  private answer(method: string, path: string, options: BackendSrvRequest): unknown {
    if (method === 'POST' && path.startsWith('/api/ds/query')) {
      return this.queryAnswer(options.data as { queries: Array<{ refId: string; stream?: boolean }> });
    }
    if (method === 'POST' && path === 'validate') {
      return validate(String((options.data as { filter?: string })?.filter ?? ''));
    }
    const values = FAKE_RESOURCES[path];
    if (path === 'label-values') {
      const key = String(options.params?.key ?? '');
      // Like the backend: the key may come with or without the `k8s:` source prefix.
      return { values: key.replace(/^k8s:/, '') === 'app' ? ['catalog', 'frontend'] : [] };
    }
    if ((path === 'pods' || path === 'workloads') && options.params?.namespace) {
      const ns = String(options.params.namespace);
      return { values: values.filter((p) => p.startsWith(`${ns}/`)).map((p) => p.slice(ns.length + 1)) };
    }
    return { values: values ?? [] };
  }
}

export interface FakeQueryAnswer {
  results: Record<string, { frames: unknown[] }>;
}

function frameOf(refId: string, channel?: string) {
  return {
    schema: { refId, meta: channel ? { channel } : {}, fields: [{ name: 'body', type: 'string' }] },
    data: { values: [['first flow']] },
  };
}

function validate(filter: string) {
  try {
    const clauses = parseFilter(filter);
    let offset = 0;
    for (const clause of clauses) {
      const position = filter.indexOf(clause.flag, offset);
      offset = position + clause.flag.length;
      if (!findFlag(canonicalFlag(clause.flag))) {
        return {
          valid: false,
          error: {
            message: `unknown flag '${clause.flag}' at position ${position}`,
            position,
            token: clause.flag,
          },
        };
      }
    }
    return { valid: true, canonical: filter.trim().replace(/\s+/g, ' '), allowlist: [], denylist: [] };
  } catch (e) {
    const position = e instanceof ArgumentSyntaxError ? e.position : 0;
    return { valid: false, error: { message: String((e as Error).message), position } };
  }
}

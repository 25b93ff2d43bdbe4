import {
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

import { interpolateFilter, interpolateList } from './filter/interpolate';
import {
  DEFAULT_QUERY,
  NetObsOptions,
  NetObsQuery,
  NetObsVariableQuery,
  ValidateResponse,
  ValuesResponse,
} from './types';
import { NetObsVariableSupport } from './variables';

/** Backend resources that answer `{"values":[...]}` (DESIGN.md, "Backend resources"). */
export type ListResource =
  | 'namespaces'
  | 'pods'
  | 'workloads'
  | 'nodes'
  | 'clusters'
  | 'labels'
  | 'label-values'
  | 'fqdns'
  | 'drop-reasons'
  | 'verdicts';

/** The NetObs data source: queries, resources and live tail all go through the C# backend. */
export class DataSource extends DataSourceWithBackend<NetObsQuery, NetObsOptions> {
  constructor(
    instanceSettings: DataSourceInstanceSettings<NetObsOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.variables = new NetObsVariableSupport(this);
    this.annotations = {
      getDefaultQuery: () => ({ queryType: 'flows', filter: '--verdict DROPPED', editorMode: 'builder' }),
    };
  }

  getDefaultQuery(_: CoreApp): Partial<NetObsQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: NetObsQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: NetObsQuery, scopedVars: ScopedVars): NetObsQuery {
    return {
      ...query,
      queryType: query.queryType ?? 'flows',
      filter: interpolateFilter(query.filter ?? '', this.templateSrv, scopedVars),
      groupBy: interpolateList(query.groupBy, this.templateSrv, scopedVars),
    };
  }

  /**
   * Flows queries stream in Explore's live mode or when the query asks for it. They go to the backend like any
   * query, marked `stream: true`; the backend answers with the first rows and a `meta.channel` that names exactly
   * this query, and Grafana's runtime subscribes to that channel. The frontend never derives a channel path itself.
   */
  query(request: DataQueryRequest<NetObsQuery>): Observable<DataQueryResponse> {
    if (!request.liveStreaming) {
      return super.query(request);
    }
    const targets = request.targets.map((q) =>
      (q.queryType ?? 'flows') === 'flows' && !q.hide ? { ...q, stream: true } : q
    );
    return super.query({ ...request, targets });
  }

  /** Values for autocompletion and variables; a failed call yields no suggestions rather than an error. */
  async listValues(resource: ListResource, params?: Record<string, string>): Promise<string[]> {
    const response = await this.getResource<ValuesResponse>(resource, params);
    return Array.isArray(response?.values) ? response.values : [];
  }

  /** Asks the backend to parse a filter exactly as queries will (POST validate). */
  validateFilter(filter: string): Promise<ValidateResponse> {
    return this.postResource<ValidateResponse>('validate', { filter }, { showErrorAlert: false });
  }

  async metricFindQuery(query: NetObsVariableQuery, options?: { scopedVars?: ScopedVars }): Promise<MetricFindValue[]> {
    const scopedVars = options?.scopedVars;
    const namespace = query.namespace ? this.templateSrv.replace(query.namespace, scopedVars) : undefined;
    let values: string[];
    switch (query.kind) {
      case 'pods':
      case 'workloads':
        values = await this.listValues(query.kind, namespace ? { namespace } : undefined);
        break;
      case 'label-values':
        values = await this.listValues('label-values', {
          key: this.templateSrv.replace(query.labelKey ?? '', scopedVars),
        });
        break;
      case 'nodes':
      case 'clusters':
      case 'labels':
      case 'namespaces':
        values = await this.listValues(query.kind);
        break;
      default:
        values = [];
    }
    return values.map((text) => ({ text, value: text }));
  }
}

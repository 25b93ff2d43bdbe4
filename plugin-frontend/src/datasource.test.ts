import { DataQueryRequest, DataSourceInstanceSettings, dateTime, LiveChannelScope } from '@grafana/data';
import { GrafanaLiveSrv, LiveDataStreamOptions, setBackendSrv, setGrafanaLiveSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';
import { toArray } from 'rxjs/operators';

import { DataSource } from './datasource';
import { streamChannelPath } from './streaming';
import { FakeBackend } from './testing/fakeBackend';
import { FakeTemplateSrv } from './testing/fakeTemplateSrv';
import { NetObsOptions, NetObsQuery } from './types';

const settings = {
  id: 1,
  uid: 'hubble-uid',
  name: 'Hubble',
  type: 'netobs-hubble-datasource',
  access: 'proxy',
  jsonData: {},
  meta: { id: 'netobs-hubble-datasource', streaming: true },
  readOnly: false,
} as unknown as DataSourceInstanceSettings<NetObsOptions>;

const templateSrv = new FakeTemplateSrv([{ name: 'ns', current: ['pets', 'kube-system'] }]);

function request(targets: NetObsQuery[], extra: Partial<DataQueryRequest<NetObsQuery>> = {}) {
  const now = dateTime();
  return {
    requestId: 'r1',
    targets,
    scopedVars: {},
    range: { from: now, to: now, raw: { from: 'now-1h', to: 'now' } },
    interval: '1m',
    intervalMs: 60000,
    timezone: 'utc',
    app: 'explore',
    startTime: 0,
    ...extra,
  } as DataQueryRequest<NetObsQuery>;
}

describe('DataSource', () => {
  let backend: FakeBackend;
  let streams: LiveDataStreamOptions[];

  beforeEach(() => {
    backend = new FakeBackend();
    setBackendSrv(backend.asBackendSrv());
    streams = [];
    setGrafanaLiveSrv({
      getDataStream: (options: LiveDataStreamOptions) => {
        streams.push(options);
        return of({ data: [], key: options.key });
      },
    } as unknown as GrafanaLiveSrv);
  });

  it('interpolates the filter and group-by before the query leaves the browser', () => {
    const ds = new DataSource(settings, templateSrv);
    const q = ds.applyTemplateVariables(
      { refId: 'A', filter: '--namespace $ns', groupBy: ['verdict'] } as NetObsQuery,
      {}
    );
    expect(q.filter).toBe('--namespace pets --namespace kube-system');
    expect(q.queryType).toBe('flows');
    expect(q.groupBy).toEqual(['verdict']);
  });

  it('lists values through the backend resources', async () => {
    const ds = new DataSource(settings, templateSrv);
    await expect(ds.listValues('namespaces')).resolves.toEqual(['default', 'kube-system', 'pets', 'monitoring']);
    expect(backend.requests[0]).toMatchObject({ method: 'GET', path: 'namespaces' });
  });

  it('answers variable queries for pods of an interpolated namespace', async () => {
    const ds = new DataSource(settings, new FakeTemplateSrv([{ name: 'ns', current: 'pets' }]));
    const values = await ds.metricFindQuery({ refId: 'v', kind: 'pods', namespace: '$ns' });
    expect(values.map((v) => v.text)).toEqual(['frontend-7d9c', 'catalog-5f6b']);
    expect(backend.requests[0]).toMatchObject({ path: 'pods', params: { namespace: 'pets' } });
  });

  it('answers variable queries for label values of a key', async () => {
    const ds = new DataSource(settings, templateSrv);
    const values = await ds.metricFindQuery({ refId: 'v', kind: 'label-values', labelKey: 'k8s:app' });
    expect(values.map((v) => v.value)).toEqual(['catalog', 'frontend']);
  });

  it('posts a filter to validate and returns the verdict', async () => {
    const ds = new DataSource(settings, templateSrv);
    const answer = await ds.validateFilter('--namespace pets --podd x');
    expect(backend.requests[0]).toMatchObject({ method: 'POST', path: 'validate', data: { filter: '--namespace pets --podd x' } });
    expect(answer).toEqual({
      valid: false,
      error: { message: "unknown flag '--podd' at position 17", position: 17, token: '--podd' },
    });
  });

  it('streams flows queries through Grafana Live in live mode, on the channel of the filter', async () => {
    const ds = new DataSource(settings, templateSrv);
    const target: NetObsQuery = { refId: 'A', queryType: 'flows', filter: '--namespace $ns' };
    await lastValueFrom(ds.query(request([target], { liveStreaming: true })).pipe(toArray()));
    expect(streams).toHaveLength(1);
    const filter = '--namespace pets --namespace kube-system';
    expect(streams[0].addr).toEqual({
      scope: LiveChannelScope.DataSource,
      namespace: 'hubble-uid',
      path: streamChannelPath(filter),
      data: expect.objectContaining({ refId: 'A', filter, stream: true }),
    });
    expect(streamChannelPath(filter)).toMatch(/^flows\/[0-9a-f]{8}$/);
    expect(streamChannelPath(filter)).not.toBe(streamChannelPath('--namespace pets'));
  });

  it('offers a drops annotation query by default', () => {
    const ds = new DataSource(settings, templateSrv);
    expect(ds.annotations?.getDefaultQuery?.()).toMatchObject({ queryType: 'flows', filter: '--verdict DROPPED' });
  });
});

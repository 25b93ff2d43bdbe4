import { DataQueryRequest, DataSourceInstanceSettings, dateTime, LiveChannelScope } from '@grafana/data';
import { GrafanaLiveSrv, LiveDataStreamOptions, setBackendSrv, setGrafanaLiveSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';
import { toArray } from 'rxjs/operators';

import { DataSource } from './datasource';
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

  it('answers variable queries for the clusters of the observing nodes', async () => {
    const ds = new DataSource(settings, templateSrv);
    const values = await ds.metricFindQuery({ refId: 'v', kind: 'clusters' });
    expect(values.map((v) => v.text)).toEqual(['default', 'eu-west']);
    expect(backend.requests[0]).toMatchObject({ method: 'GET', path: 'clusters' });
  });

  it('answers variable queries for label values of a key', async () => {
    const ds = new DataSource(settings, templateSrv);
    const values = await ds.metricFindQuery({ refId: 'v', kind: 'label-values', labelKey: 'k8s:app' });
    expect(values.map((v) => v.value)).toEqual(['catalog', 'frontend']);
  });

  it('posts a filter to validate and returns the verdict', async () => {
    const ds = new DataSource(settings, templateSrv);
    const answer = await ds.validateFilter('--namespace pets --podd x');
    expect(backend.requests[0]).toMatchObject({
      method: 'POST',
      path: 'validate',
      data: { filter: '--namespace pets --podd x' },
    });
    expect(answer).toEqual({
      valid: false,
      error: { message: "unknown flag '--podd' at position 17", position: 17, token: '--podd' },
    });
  });

  it('streams flows queries in live mode on the channel the backend names, never one of its own', async () => {
    const ds = new DataSource(settings, templateSrv);
    const channel = 'ds/hubble-uid/flows/6c62272e07bb014262b821756295c58d';
    backend.liveChannels = { A: channel };
    const target: NetObsQuery = { refId: 'A', queryType: 'flows', filter: '--namespace $ns' };
    await lastValueFrom(ds.query(request([target], { liveStreaming: true })).pipe(toArray()));

    // The query goes to the backend, interpolated and marked as streamed...
    const sent = backend.requests.find((r) => r.path.startsWith('/api/ds/query'));
    expect(sent?.data).toMatchObject({
      queries: [
        expect.objectContaining({ refId: 'A', filter: '--namespace pets --namespace kube-system', stream: true }),
      ],
    });
    // ...and Grafana subscribes to exactly the channel of the backend's answer, without data of its own.
    expect(streams).toHaveLength(1);
    expect(streams[0].addr).toEqual({
      scope: LiveChannelScope.DataSource,
      namespace: 'hubble-uid',
      path: 'flows/6c62272e07bb014262b821756295c58d',
    });
  });

  it('subscribes to nothing when the backend answers without a channel, and outside live mode', async () => {
    const ds = new DataSource(settings, templateSrv);
    const target: NetObsQuery = { refId: 'A', queryType: 'flows', filter: '--verdict DROPPED' };

    const live = await lastValueFrom(ds.query(request([target], { liveStreaming: true })).pipe(toArray()));
    const plain = await lastValueFrom(ds.query(request([target])).pipe(toArray()));

    expect(streams).toHaveLength(0);
    expect(live[0].data).toHaveLength(1);
    expect(plain[0].data).toHaveLength(1);
    const bodies = backend.requests
      .filter((r) => r.path.startsWith('/api/ds/query'))
      .map((r) => r.data as { queries: NetObsQuery[] });
    expect(bodies[0].queries[0].stream).toBe(true);
    expect(bodies[1].queries[0].stream).toBeUndefined();
  });

  it('streams only flows queries in live mode; other query types are answered once', async () => {
    const ds = new DataSource(settings, templateSrv);
    backend.liveChannels = {
      A: 'ds/hubble-uid/flows/d228cb696f1a8caf78912b704e4a8964',
      B: 'ds/hubble-uid/flows/ffffffffffffffffffffffffffffffff',
    };
    const targets: NetObsQuery[] = [
      { refId: 'A', queryType: 'flows', filter: '' },
      { refId: 'B', queryType: 'timeseries', filter: '' } as NetObsQuery,
    ];
    await lastValueFrom(ds.query(request(targets, { liveStreaming: true })).pipe(toArray()));

    expect(streams.map((s) => s.addr.path)).toEqual(['flows/d228cb696f1a8caf78912b704e4a8964']);
  });

  it('offers a drops annotation query by default', () => {
    const ds = new DataSource(settings, templateSrv);
    expect(ds.annotations?.getDefaultQuery?.()).toMatchObject({ queryType: 'flows', filter: '--verdict DROPPED' });
  });
});

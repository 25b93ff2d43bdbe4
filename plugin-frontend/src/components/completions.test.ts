import { DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { renderHook } from '@testing-library/react';

import { DataSource } from '../datasource';
import { FakeBackend } from '../testing/fakeBackend';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { NetObsOptions } from '../types';
import { useCompletions } from './completions';

const settings = { uid: 'hubble-uid', jsonData: {}, meta: {} } as unknown as DataSourceInstanceSettings<NetObsOptions>;

function setup() {
  const backend = new FakeBackend();
  setBackendSrv(backend.asBackendSrv());
  const datasource = new DataSource(settings, new FakeTemplateSrv());
  const { result } = renderHook(() => useCompletions(datasource));
  return { load: result.current, backend };
}

describe('useCompletions', () => {
  it('offers label keys, then key=value pairs once a key and = are typed', async () => {
    const { load } = setup();
    await expect(load('labels', 'ap')).resolves.toEqual(['app', 'io.kubernetes.pod.namespace', 'k8s-app']);
    await expect(load('labels', 'app=')).resolves.toEqual(['app=catalog', 'app=frontend']);
  });

  it('offers pods of the typed namespace as namespace/pod', async () => {
    const { load, backend } = setup();
    await expect(load('pods', 'pets/')).resolves.toEqual(['pets/frontend-7d9c', 'pets/catalog-5f6b']);
    expect(backend.requests[0]).toMatchObject({ path: 'pods', params: { namespace: 'pets' } });
  });

  it('offers workload names without the namespace the backend lists them with', async () => {
    const { load } = setup();
    await expect(load('workloads', '')).resolves.toEqual(['frontend', 'catalog', 'cilium']);
  });

  it('asks the backend once per resource while the editor is open', async () => {
    const { load, backend } = setup();
    await load('namespaces', '');
    await load('namespaces', 'ku');
    expect(backend.requests.filter((r) => r.path === 'namespaces')).toHaveLength(1);
  });

  it('gives no suggestions, and tries again later, when the backend fails', async () => {
    const { load, backend } = setup();
    backend.failing = true;
    await expect(load('fqdns', '')).resolves.toEqual([]);
    backend.failing = false;
    await expect(load('fqdns', '')).resolves.toEqual(['api.github.com', 'login.microsoftonline.com']);
  });
});

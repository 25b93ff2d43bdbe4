import { DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';

import { DataSource } from '../datasource';
import { FakeBackend } from '../testing/fakeBackend';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { NetObsOptions, NetObsVariableQuery } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

const settings = {
  uid: 'hubble-uid',
  name: 'Hubble',
  type: 'netobs-hubble-datasource',
  jsonData: {},
  meta: { id: 'netobs-hubble-datasource' },
} as unknown as DataSourceInstanceSettings<NetObsOptions>;

function renderEditor(initial: NetObsVariableQuery) {
  const backend = new FakeBackend();
  setBackendSrv(backend.asBackendSrv());
  const datasource = new DataSource(settings, new FakeTemplateSrv());
  const seen = { current: initial };
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <VariableQueryEditor
        datasource={datasource}
        query={query}
        onChange={(q) => {
          seen.current = q;
          setQuery(q);
        }}
        onRunQuery={() => {}}
      />
    );
  }
  render(<Host />);
  return { seen, backend };
}

describe('VariableQueryEditor', () => {
  it('asks for a namespace when listing pods', async () => {
    const { seen } = renderEditor({ refId: 'v', kind: 'namespaces' });
    expect(screen.queryByLabelText('Namespace')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Variable values'));
    await userEvent.click(await screen.findByText('Pods'));
    expect(seen.current.kind).toBe('pods');
    await userEvent.type(screen.getByLabelText('Namespace'), '$namespace');
    await userEvent.tab();
    expect(seen.current).toEqual({ refId: 'v', kind: 'pods', namespace: '$namespace' });
  });

  it('lists clusters, with no namespace or label key to ask for', async () => {
    const { seen } = renderEditor({ refId: 'v', kind: 'namespaces' });
    await userEvent.click(screen.getByLabelText('Variable values'));
    await userEvent.click(await screen.findByText('Clusters'));
    expect(seen.current).toEqual({ refId: 'v', kind: 'clusters' });
    expect(screen.queryByLabelText('Namespace')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Label key')).not.toBeInTheDocument();
  });

  it('offers label keys from the backend for label values', async () => {
    const { seen, backend } = renderEditor({ refId: 'v', kind: 'label-values' });
    await userEvent.click(screen.getByLabelText('Label key'));
    await userEvent.click(await screen.findByText('app'));
    expect(seen.current).toEqual({ refId: 'v', kind: 'label-values', labelKey: 'app' });
    expect(backend.requests.map((r) => r.path)).toEqual(['labels']);
  });
});

import { DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';

import { DataSource } from '../datasource';
import { FakeBackend } from '../testing/fakeBackend';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { NetObsOptions, NetObsQuery } from '../types';
import { changeQueryType, QueryEditor } from './QueryEditor';

const settings = {
  id: 1,
  uid: 'hubble-uid',
  name: 'Hubble',
  type: 'netobs-hubble-datasource',
  access: 'proxy',
  jsonData: {},
  meta: { id: 'netobs-hubble-datasource' },
  readOnly: false,
} as unknown as DataSourceInstanceSettings<NetObsOptions>;

let backend: FakeBackend;

beforeEach(() => {
  backend = new FakeBackend();
  setBackendSrv(backend.asBackendSrv());
});

function renderEditor(initial: NetObsQuery) {
  const datasource = new DataSource(settings, new FakeTemplateSrv());
  const seen = { current: initial, runs: 0 };
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <QueryEditor
        datasource={datasource}
        query={query}
        onChange={(q) => {
          seen.current = q;
          setQuery(q);
        }}
        onRunQuery={() => seen.runs++}
      />
    );
  }
  render(<Host />);
  return seen;
}

describe('QueryEditor, code mode', () => {
  it('writes typed flags to the query and shows the backend error at its position', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '', editorMode: 'code' });
    const box = screen.getByLabelText('Filter flags');
    await userEvent.type(box, '--namespace pets --podd x');
    expect(seen.current.filter).toBe('--namespace pets --podd x');
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert).toHaveTextContent("unknown flag '--podd' at position 17");
    const pointer = within(alert).getByTestId('filter-error-pointer');
    expect(pointer.textContent).toBe('--namespace pets --podd x\n' + ' '.repeat(17) + '^^^^^^');
    expect(within(pointer).getByText('--podd').tagName).toBe('MARK');
    expect(backend.requests.at(-1)).toMatchObject({ method: 'POST', path: 'validate' });
  });

  it('clears the error once the flag is fixed and runs the query on blur', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '--podd x', editorMode: 'code' });
    expect(await screen.findByRole('alert', {}, { timeout: 3000 })).toBeInTheDocument();
    const box = screen.getByLabelText('Filter flags');
    await userEvent.clear(box);
    await userEvent.type(box, '--pod x');
    await waitFor(() => expect(backend.requests.at(-1)?.data).toEqual({ filter: '--pod x' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    const runs = seen.runs;
    await userEvent.tab();
    expect(seen.runs).toBe(runs + 1);
  });

  it('keeps a filter the builder cannot show in code mode, and says why', async () => {
    renderEditor({ refId: 'A', queryType: 'flows', filter: "--pod 'unterminated", editorMode: 'builder' });
    expect(screen.getByText('The builder cannot show this filter')).toBeInTheDocument();
    expect(screen.getByLabelText('Filter flags')).toHaveValue("--pod 'unterminated");
  });

  it('shows a backend that cannot be reached instead of an error in the filter', async () => {
    backend.failing = true;
    renderEditor({ refId: 'A', queryType: 'flows', filter: '--verdict DROPPED', editorMode: 'code' });
    expect(
      await screen.findByText('Could not check the filter: relay unreachable at 127.0.0.1:4245', {}, { timeout: 3000 })
    ).toBeInTheDocument();
  });
});

describe('QueryEditor, builder', () => {
  it('shows one row per flag and toggles --not', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '--namespace pets --verdict DROPPED' });
    const second = screen.getByRole('group', { name: 'Filter 2' });
    await userEvent.click(within(second).getByLabelText('is not'));
    expect(seen.current.filter).toBe('--namespace pets --not --verdict DROPPED');
    await userEvent.click(within(screen.getByRole('group', { name: 'Filter 1' })).getByLabelText('is not'));
    expect(seen.current.filter).toBe('--not --namespace pets --not --verdict DROPPED');
    await userEvent.click(within(second).getByLabelText('is'));
    expect(seen.current.filter).toBe('--not --namespace pets --verdict DROPPED');
  });

  it('adds a namespace filter with a value suggested by the backend', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '' });
    await userEvent.click(screen.getByRole('button', { name: /Filter/ }));
    const row = screen.getByRole('group', { name: 'Filter 1' });
    expect(seen.current.filter).toBe('');
    await userEvent.click(within(row).getByLabelText('Filter 1 value'));
    await userEvent.click(await screen.findByRole('option', { name: 'kube-system' }, { timeout: 3000 }));
    expect(seen.current.filter).toBe('--namespace kube-system');
    expect(backend.requests.some((r) => r.path === 'namespaces')).toBe(true);
  });

  it('changes which end a filter applies to', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '--pod default/frontend' });
    await userEvent.click(screen.getByLabelText('Filter 1 end'));
    await userEvent.click(await screen.findByText('destination'));
    expect(seen.current.filter).toBe('--to-pod default/frontend');
  });

  it('keeps flags it has no field for as editable raw flags', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '--since 5m -A --verdict DROPPED' });
    const first = screen.getByRole('group', { name: 'Filter 1' });
    expect(within(first).getByLabelText('Filter 1 flag')).toHaveValue('--since');
    expect(within(first).getByLabelText('Filter 1 value')).toHaveValue('5m');
    const second = screen.getByRole('group', { name: 'Filter 2' });
    expect(within(second).getByLabelText('Filter 2 flag')).toHaveValue('--all-namespaces');
    expect(within(second).queryByLabelText('Filter 2 value')).not.toBeInTheDocument();
    await userEvent.clear(within(first).getByLabelText('Filter 1 value'));
    await userEvent.type(within(first).getByLabelText('Filter 1 value'), '1h');
    expect(seen.current.filter).toBe('--since 1h --all-namespaces --verdict DROPPED');
  });

  it('reads the filter again when it changes outside the builder', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '--verdict DROPPED' });
    await userEvent.click(screen.getByLabelText('Code'));
    const box = screen.getByLabelText('Filter flags');
    await userEvent.type(box, ' --http-status 5+');
    await userEvent.click(screen.getByLabelText('Builder'));
    expect(seen.current.editorMode).toBe('builder');
    expect(screen.getByRole('group', { name: 'Filter 2' })).toBeInTheDocument();
    expect(screen.getByText('5+')).toBeInTheDocument();
  });
});

describe('QueryEditor, query types', () => {
  it('keeps the fields the new type reads when switching type', async () => {
    const seen = renderEditor({
      refId: 'A',
      queryType: 'timeseries',
      filter: '--verdict DROPPED',
      groupBy: ['source_namespace'],
      metric: 'rate',
    });
    expect(screen.getByText('Source namespace')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Top N'));
    expect(seen.current).toEqual({
      refId: 'A',
      queryType: 'topk',
      filter: '--verdict DROPPED',
      groupBy: ['source_namespace'],
      metric: 'rate',
    });
    expect(screen.getByLabelText('Top k')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Flows'));
    expect(seen.current).toEqual({ refId: 'A', queryType: 'flows', filter: '--verdict DROPPED' });
    expect(screen.queryByLabelText('Group by')).not.toBeInTheDocument();
    expect(seen.runs).toBe(2);
  });

  it('drops options of the old type but keeps the filter for status', () => {
    expect(
      changeQueryType({ refId: 'B', queryType: 'servicemap', filter: '-n pets', nodeKind: 'pod', limit: 500 }, 'status')
    ).toEqual({ refId: 'B', queryType: 'status', filter: '-n pets' });
    expect(changeQueryType({ refId: 'B', queryType: 'flows', limit: 500, stream: true }, 'servicemap')).toEqual({
      refId: 'B',
      queryType: 'servicemap',
      limit: 500,
    });
  });

  it('shows only the filter for coverage and names the flags coverage does not take', async () => {
    const seen = renderEditor({
      refId: 'A',
      queryType: 'flows',
      filter: '--cluster prod --verdict DROPPED',
      editorMode: 'code',
    });
    await userEvent.click(screen.getByRole('radio', { name: 'Coverage' }));
    expect(seen.current).toEqual({
      refId: 'A',
      queryType: 'coverage',
      filter: '--cluster prod --verdict DROPPED',
      editorMode: 'code',
    });
    expect(screen.getByText(/only --cluster and --node-name apply to coverage/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Group by')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
    expect(screen.getByText(/Remove --verdict: coverage is kept per cluster and node/)).toBeInTheDocument();
  });

  it('keeps only the filter when switching to coverage', () => {
    expect(
      changeQueryType(
        { refId: 'C', queryType: 'topk', filter: '--cluster prod', groupBy: ['cluster'], k: 5 },
        'coverage'
      )
    ).toEqual({
      refId: 'C',
      queryType: 'coverage',
      filter: '--cluster prod',
    });
  });

  it('validates limit input and commits it on blur', async () => {
    const seen = renderEditor({ refId: 'A', queryType: 'flows', filter: '' });
    const limit = screen.getByLabelText('Limit');
    await userEvent.type(limit, '2.5');
    expect(screen.getByText("Limit must be a whole number above 0, not '2.5'.")).toBeInTheDocument();
    await userEvent.clear(limit);
    await userEvent.type(limit, '250');
    await act(async () => limit.blur());
    expect(seen.current.limit).toBe(250);
  });
});

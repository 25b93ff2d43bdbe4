/**
 * Harness page for the headless screenshot test. It loads the real `dist/module.js` (the AMD
 * bundle Grafana loads) through a tiny `define`, hands it this page's copies of Grafana's
 * packages, mocks the backend, and renders one editor chosen by `?view=`.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import { DataSourceInstanceSettings, DataSourcePlugin, DataSourceSettings } from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import React, { ComponentType, useEffect, useState } from 'react';
import * as ReactDom from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as rxjs from 'rxjs';

import type { DataSource } from '../datasource';
import { FakeBackend } from '../testing/fakeBackend';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { NetObsOptions, NetObsQuery, NetObsSecureJsonData } from '../types';

type Plugin = DataSourcePlugin<DataSource, NetObsQuery, NetObsOptions, NetObsSecureJsonData>;

declare global {
  interface Window {
    define?: ((deps: string[], factory: (...args: unknown[]) => unknown) => void) & { amd?: boolean };
    __grafana_public_path__?: string;
  }
}

const PLUGIN_ID = 'netobs-hubble-datasource';
const externals: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  react: React,
  'react-dom': ReactDom,
  rxjs,
};

function loadPlugin(src: string): Promise<Plugin> {
  return new Promise((resolve, reject) => {
    const define = (deps: string[], factory: (...args: unknown[]) => unknown) => {
      const args = deps.map((d) => {
        if (d === 'module') {
          return { uri: `/public/plugins/${PLUGIN_ID}/module.js` };
        }
        if (!(d in externals)) {
          throw new Error(`module.js asks for '${d}', which the harness does not provide`);
        }
        return externals[d];
      });
      const exports = factory(...args) as { plugin: Plugin };
      resolve(exports.plugin);
    };
    window.define = Object.assign(define, { amd: true });
    const script = document.createElement('script');
    script.src = src;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

const instanceSettings = {
  id: 1,
  uid: 'hubble-uid',
  name: 'Hubble',
  type: PLUGIN_ID,
  access: 'proxy',
  jsonData: {},
  meta: { id: PLUGIN_ID, streaming: true },
  readOnly: false,
} as unknown as DataSourceInstanceSettings<NetObsOptions>;

const configSettings = {
  id: 1,
  uid: 'hubble-uid',
  orgId: 1,
  name: 'Hubble',
  type: PLUGIN_ID,
  typeName: 'NetObs Hubble',
  typeLogoUrl: '',
  access: 'proxy',
  url: 'tls://hubble-relay.kube-system.svc:443',
  user: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: true,
  jsonData: {
    tlsAuth: true,
    tlsAuthWithCACert: true,
    serverName: 'instance.hubble-relay.cilium.io',
    timeout: 30,
    defaultLimit: 1000,
    maxLimit: 10000,
  },
  secureJsonFields: { tlsCACert: true, tlsClientCert: true },
  readOnly: false,
  withCredentials: false,
} as unknown as DataSourceSettings<NetObsOptions, NetObsSecureJsonData>;

const QUERIES: Record<string, NetObsQuery> = {
  query: {
    refId: 'A',
    queryType: 'timeseries',
    filter: '--namespace pets --not --verdict FORWARDED --to-port 8080 --http-status 5+',
    groupBy: ['source_workload', 'verdict'],
    metric: 'rate',
    editorMode: 'builder',
  },
  code: {
    refId: 'A',
    queryType: 'flows',
    filter: '--namespace pets --podd frontend --verdict DROPPED',
    limit: 500,
    editorMode: 'code',
  },
};

function Stateful<T>({ initial, render }: { initial: T; render: (value: T, set: (v: T) => void) => React.ReactNode }) {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    document.body.dataset.harnessReady = 'true';
  }, []);
  return <>{render(value, setValue)}</>;
}

async function main() {
  window.__grafana_public_path__ = '/public/';
  const backend = new FakeBackend();
  setBackendSrv(backend.asBackendSrv());
  setTemplateSrv(new FakeTemplateSrv([{ name: 'namespace', current: 'pets' }]));
  const plugin = await loadPlugin('/dist/module.js');
  const view = new URLSearchParams(window.location.search).get('view') ?? 'config';
  const theme = grafanaData.createTheme({ colors: { mode: 'dark' } });
  const datasource = new plugin.DataSourceClass(instanceSettings) as DataSource;

  let content: React.ReactNode;
  if (view === 'config') {
    const ConfigEditor = plugin.components.ConfigEditor as ComponentType<{
      options: DataSourceSettings<NetObsOptions, NetObsSecureJsonData>;
      onOptionsChange: (o: DataSourceSettings<NetObsOptions, NetObsSecureJsonData>) => void;
    }>;
    content = (
      <Stateful initial={configSettings} render={(o, set) => <ConfigEditor options={o} onOptionsChange={set} />} />
    );
  } else {
    const QueryEditor = plugin.components.QueryEditor as ComponentType<{
      datasource: DataSource;
      query: NetObsQuery;
      onChange: (q: NetObsQuery) => void;
      onRunQuery: () => void;
    }>;
    content = (
      <Stateful
        initial={QUERIES[view]}
        render={(q, set) => <QueryEditor datasource={datasource} query={q} onChange={set} onRunQuery={() => {}} />}
      />
    );
  }

  const container = document.getElementById('root')!;
  createRoot(container).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div style={{ padding: 24 }} data-view={view}>
        {content}
      </div>
    </ThemeContext.Provider>
  );
}

main().catch((e: unknown) => {
  document.body.dataset.harnessError = String(e instanceof Error ? e.message : e);
  document.body.textContent = `harness failed: ${document.body.dataset.harnessError}`;
});

import { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';

import { NetObsOptions, NetObsSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<NetObsOptions, NetObsSecureJsonData>;

function settings(change: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'hubble',
    orgId: 1,
    name: 'Hubble',
    type: 'netobs-hubble-datasource',
    typeName: 'NetObs Hubble',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...change,
  } as Settings;
}

/** Renders the editor the way Grafana does: every change comes back as new props. */
function renderEditor(initial: Settings) {
  const seen: { current: Settings } = { current: initial };
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(o) => {
          seen.current = o;
          setOptions(o);
        }}
      />
    );
  }
  render(<Host />);
  return seen;
}

describe('ConfigEditor', () => {
  it('writes the relay address to url and says what is wrong with one lacking a port', async () => {
    const seen = renderEditor(settings());
    const address = screen.getByLabelText(/^Address/);
    await userEvent.type(address, 'hubble-relay.kube-system.svc');
    await userEvent.tab();
    expect(seen.current.url).toBe('hubble-relay.kube-system.svc');
    expect(screen.getByText(/is not host:port; add the relay's port/)).toBeInTheDocument();
    await userEvent.type(address, ':4245');
    expect(seen.current.url).toBe('hubble-relay.kube-system.svc:4245');
    expect(screen.queryByText(/is not host:port/)).not.toBeInTheDocument();
  });

  it('explains both kinds of address: a Hubble Relay and a NetObs history server', () => {
    renderEditor(settings());
    expect(screen.getByText(/hubble-relay\.kube-system\.svc:443/, { selector: 'p' })).toHaveTextContent(
      /last minutes of flows/
    );
    expect(screen.getByText(/netobs-history\.<namespace>\.svc:4246/, { selector: 'p' })).toHaveTextContent(
      /days of flows of every cluster it follows and computes time series, top lists and service maps in its store/
    );
  });

  it('turns TLS on with the tls:// prefix and mutual TLS with tlsAuth', async () => {
    const seen = renderEditor(settings({ url: 'relay:443' }));
    expect(screen.queryByText('TLS settings')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('TLS'));
    expect(seen.current.url).toBe('tls://relay:443');
    expect(seen.current.jsonData.tlsAuth).toBe(false);
    await userEvent.click(screen.getByLabelText('Mutual TLS'));
    expect(seen.current.jsonData.tlsAuth).toBe(true);
    expect(screen.getByLabelText(/^Client certificate/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Client key/)).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('None'));
    expect(seen.current.url).toBe('relay:443');
    expect(seen.current.jsonData).toMatchObject({ tlsAuth: false, tlsSkipVerify: false });
  });

  it('shows configured secrets without their content and resets them', async () => {
    const seen = renderEditor(
      settings({
        url: 'tls://relay:443',
        jsonData: { tlsAuth: true, tlsAuthWithCACert: true },
        secureJsonFields: { tlsCACert: true, tlsClientCert: true, tlsClientKey: true },
      })
    );
    const resets = screen.getAllByRole('button', { name: 'Reset' });
    expect(resets).toHaveLength(3);
    expect(screen.getByLabelText(/^Client key/)).toBeDisabled();
    expect(screen.getByLabelText(/^Client key/)).toHaveValue('configured');
    await userEvent.click(resets[2]);
    expect(seen.current.secureJsonFields.tlsClientKey).toBe(false);
    expect(seen.current.secureJsonData?.tlsClientKey).toBe('');
    const key = screen.getByLabelText(/^Client key/);
    expect(key).toBeEnabled();
    expect(key).toHaveValue('');
    await userEvent.type(key, 'PEM');
    expect(seen.current.secureJsonData?.tlsClientKey).toBe('PEM');
    expect(seen.current.secureJsonFields.tlsCACert).toBe(true);
  });

  it('warns when certificate verification is skipped', async () => {
    const seen = renderEditor(settings({ url: 'tls://relay:443' }));
    expect(screen.queryByText('Certificate verification is off')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText(/^Skip certificate verification/));
    expect(seen.current.jsonData.tlsSkipVerify).toBe(true);
    expect(screen.getByText('Certificate verification is off')).toBeInTheDocument();
  });

  it('keeps limits numeric and flags a default above the maximum', async () => {
    const seen = renderEditor(settings({ url: 'relay:4245' }));
    await userEvent.type(screen.getByLabelText(/^Default flows per query/), '5000');
    await userEvent.type(screen.getByLabelText(/^Maximum flows per query/), '100');
    expect(seen.current.jsonData).toMatchObject({ defaultLimit: 5000, maxLimit: 100 });
    expect(screen.getByText(/The default \(5000\) is above the maximum \(100\)/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Timeout \(seconds\)/), '0');
    expect(screen.getByText('The timeout must be a whole number above 0, not 0.')).toBeInTheDocument();
  });
});

import { css } from '@emotion/css';
import { DataSourcePluginOptionsEditorProps, GrafanaTheme2 } from '@grafana/data';
import { Alert, Field, Input, RadioButtonGroup, SecretTextArea, Switch, useStyles2 } from '@grafana/ui';
import React, { ChangeEvent, ReactNode, useState } from 'react';

import { NetObsOptions, NetObsSecureJsonData, TlsMode } from '../types';
import {
  joinRelayUrl,
  parseNumberInput,
  splitRelayUrl,
  tlsModeOf,
  validateLimits,
  validatePositiveInteger,
  validateRelayAddress,
} from './configValidation';

type Props = DataSourcePluginOptionsEditorProps<NetObsOptions, NetObsSecureJsonData>;

const TLS_MODES: Array<{ value: TlsMode; label: string; description: string }> = [
  { value: 'none', label: 'None', description: 'Plain gRPC (the relay default inside the cluster)' },
  { value: 'tls', label: 'TLS', description: 'Verify the relay with a CA' },
  { value: 'mtls', label: 'Mutual TLS', description: 'TLS plus a client certificate (AKS, hubble-relay with mTLS)' },
];

type SecureKey = keyof NetObsSecureJsonData;

export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const styles = useStyles2(getStyles);
  const jsonData = options.jsonData;
  const { address } = splitRelayUrl(options.url);
  const mode = tlsModeOf(options.url, jsonData);
  const [addressTouched, setAddressTouched] = useState(address !== '');
  const addressError = validateRelayAddress(address);
  const limitErrors = validateLimits(jsonData);
  const timeoutError = validatePositiveInteger(jsonData.timeout, 'The timeout');

  const setJsonData = (change: Partial<NetObsOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...change } });

  const setAddress = (value: string) => {
    const typed = splitRelayUrl(value);
    const nextMode: TlsMode = typed.tls && mode === 'none' ? 'tls' : mode;
    onOptionsChange({ ...options, url: joinRelayUrl(typed.address, nextMode) });
  };

  const setMode = (next: TlsMode) =>
    onOptionsChange({
      ...options,
      url: joinRelayUrl(address, next),
      jsonData: {
        ...jsonData,
        tlsAuth: next === 'mtls',
        tlsAuthWithCACert: next === 'none' ? false : jsonData.tlsAuthWithCACert,
        tlsSkipVerify: next === 'none' ? false : jsonData.tlsSkipVerify,
      },
    });

  const setSecure = (key: SecureKey, value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, [key]: value } });

  const resetSecure = (key: SecureKey) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...options.secureJsonFields, [key]: false },
      secureJsonData: { ...options.secureJsonData, [key]: '' },
    });

  const secretField = (key: SecureKey, label: string, description: string, placeholder: string) => (
    <Field label={label} description={description}>
      <SecretTextArea
        id={`config-${key}`}
        aria-label={label}
        isConfigured={Boolean(options.secureJsonFields?.[key])}
        onReset={() => resetSecure(key)}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setSecure(key, e.currentTarget.value)}
        placeholder={placeholder}
        cols={60}
        rows={5}
      />
    </Field>
  );

  const numberField = (
    key: 'timeout' | 'defaultLimit' | 'maxLimit',
    label: string,
    description: string,
    placeholder: string,
    error: string | undefined
  ) => (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input
        id={`config-${key}`}
        type="number"
        min={1}
        width={20}
        placeholder={placeholder}
        value={jsonData[key] ?? ''}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setJsonData({ [key]: parseNumberInput(e.currentTarget.value) })}
      />
    </Field>
  );

  return (
    <div className={styles.editor}>
      <p className={styles.intro}>
        NetObs reads network flows over gRPC from one of two kinds of address, and finds out which it is when you use{' '}
        <em>Save &amp; test</em>. A <strong>Hubble Relay</strong> (e.g. hubble-relay.kube-system.svc:443, or port 4245
        without TLS) holds the last minutes of flows of its cluster. A <strong>NetObs history server</strong> (e.g.
        netobs-history.&lt;namespace&gt;.svc:4246) keeps days of flows of every cluster it follows and computes time
        series, top lists and service maps in its store. The health check reports the nodes, or the clusters and time
        range stored.
      </p>

      <Section title="Connection">
        <Field
          label="Address"
          description="host:port of Hubble Relay (hubble-relay.kube-system.svc:443) or of a NetObs history server (netobs-history.<namespace>.svc:4246)"
          required
          invalid={addressTouched && Boolean(addressError)}
          error={addressTouched ? addressError : undefined}
        >
          <Input
            id="config-relay-address"
            width={60}
            placeholder="hubble-relay.kube-system.svc:4245"
            value={address}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setAddress(e.currentTarget.value)}
            onBlur={() => setAddressTouched(true)}
          />
        </Field>
        <Field label="TLS" description={TLS_MODES.find((m) => m.value === mode)?.description}>
          <RadioButtonGroup<TlsMode> options={TLS_MODES} value={mode} onChange={setMode} />
        </Field>
      </Section>

      {mode !== 'none' && (
        <Section title="TLS settings">
          <Field
            label="Custom CA certificate"
            description="Verify the relay with this CA instead of the system trust store"
          >
            <Switch
              id="config-tlsAuthWithCACert"
              value={Boolean(jsonData.tlsAuthWithCACert)}
              onChange={(e) => setJsonData({ tlsAuthWithCACert: e.currentTarget.checked })}
            />
          </Field>
          {jsonData.tlsAuthWithCACert &&
            secretField(
              'tlsCACert',
              'CA certificate',
              'PEM, begins with -----BEGIN CERTIFICATE-----',
              '-----BEGIN CERTIFICATE-----'
            )}
          {mode === 'mtls' && (
            <>
              {secretField(
                'tlsClientCert',
                'Client certificate',
                'PEM certificate the relay trusts (hubble-relay-client-certs)',
                '-----BEGIN CERTIFICATE-----'
              )}
              {secretField(
                'tlsClientKey',
                'Client key',
                'PEM private key of the client certificate',
                '-----BEGIN PRIVATE KEY-----'
              )}
            </>
          )}
          <Field
            label="Server name"
            description="Name to verify in the relay's certificate when it differs from the address, e.g. *.hubble-relay.cilium.io"
          >
            <Input
              id="config-serverName"
              width={60}
              placeholder="ui.hubble-relay.cilium.io"
              value={jsonData.serverName ?? ''}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setJsonData({ serverName: e.currentTarget.value })}
            />
          </Field>
          <Field label="Skip certificate verification" description="Accept any certificate the relay presents">
            <Switch
              id="config-tlsSkipVerify"
              value={Boolean(jsonData.tlsSkipVerify)}
              onChange={(e) => setJsonData({ tlsSkipVerify: e.currentTarget.checked })}
            />
          </Field>
          {jsonData.tlsSkipVerify && (
            <Alert severity="warning" title="Certificate verification is off">
              Anyone who can intercept the connection can read your flows and answer in the relay&apos;s place. Use this
              only for testing; provide the CA certificate instead.
            </Alert>
          )}
        </Section>
      )}

      <Section title="Limits">
        {numberField(
          'timeout',
          'Timeout (seconds)',
          'Dial and request timeout for calls to the relay',
          '30',
          timeoutError
        )}
        {numberField(
          'defaultLimit',
          'Default flows per query',
          'Flows returned when a query sets no limit',
          '1000',
          limitErrors.defaultLimit
        )}
        {numberField(
          'maxLimit',
          'Maximum flows per query',
          'Upper bound on any query limit, to protect the relay and Grafana',
          '10000',
          limitErrors.maxLimit
        )}
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} aria-label={title}>
      <h3 className={styles.sectionTitle}>{title}</h3>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ maxWidth: 900 }),
  intro: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(3) }),
  section: css({ marginBottom: theme.spacing(4) }),
  sectionTitle: css({ fontSize: theme.typography.h4.fontSize, marginBottom: theme.spacing(2) }),
});

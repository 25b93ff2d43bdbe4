import { NetObsOptions, TlsMode } from '../types';

const TLS_PREFIX = 'tls://';

/** Splits the stored `url` into the address the user edits and the TLS switch the prefix stands for. */
export function splitRelayUrl(url: string | undefined): { address: string; tls: boolean } {
  const value = (url ?? '').trim();
  if (value.toLowerCase().startsWith(TLS_PREFIX)) {
    return { address: value.slice(TLS_PREFIX.length), tls: true };
  }
  return { address: value, tls: false };
}

export function joinRelayUrl(address: string, mode: TlsMode): string {
  const trimmed = splitRelayUrl(address).address;
  return mode === 'none' || trimmed === '' ? trimmed : `${TLS_PREFIX}${trimmed}`;
}

export function tlsModeOf(url: string | undefined, jsonData: NetObsOptions): TlsMode {
  if (jsonData.tlsAuth) {
    return 'mtls';
  }
  return splitRelayUrl(url).tls ? 'tls' : 'none';
}

/** `host:port`, `[v6]:port`; the port is required because the relay has no default over gRPC. */
export function validateRelayAddress(address: string): string | undefined {
  const value = address.trim();
  if (value === '') {
    return 'Enter the address of Hubble Relay or of a NetObs history server as host:port, e.g. hubble-relay.kube-system.svc:443.';
  }
  if (/^[a-z]+:\/\//i.test(value)) {
    return `Remove the scheme from '${value}': write host:port and choose TLS below.`;
  }
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d+)$/.exec(value);
  if (!match) {
    return `'${value}' is not host:port; add the relay's port, e.g. ${value.replace(/:.*$/, '')}:4245.`;
  }
  const port = Number(match[2]);
  if (port < 1 || port > 65535) {
    return `Port ${match[2]} in '${value}' is out of range; use 1-65535.`;
  }
  return undefined;
}

/** A positive whole number, or empty for "use the default". */
export function validatePositiveInteger(value: number | undefined, what: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isInteger(value) || value <= 0) {
    return `${what} must be a whole number above 0, not ${value}.`;
  }
  return undefined;
}

export function validateLimits(jsonData: NetObsOptions): { defaultLimit?: string; maxLimit?: string } {
  const defaultLimit = validatePositiveInteger(jsonData.defaultLimit, 'The default number of flows');
  const maxLimit = validatePositiveInteger(jsonData.maxLimit, 'The maximum number of flows');
  if (
    !defaultLimit &&
    !maxLimit &&
    jsonData.defaultLimit &&
    jsonData.maxLimit &&
    jsonData.defaultLimit > jsonData.maxLimit
  ) {
    return {
      defaultLimit: `The default (${jsonData.defaultLimit}) is above the maximum (${jsonData.maxLimit}); lower it or raise the maximum.`,
    };
  }
  return { defaultLimit, maxLimit };
}

/** Parses a number input: empty means unset, anything else keeps what the user typed for validation. */
export function parseNumberInput(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

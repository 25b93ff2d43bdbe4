/**
 * Grafana Live channel path for a live flows query: `flows/<hash of the filter>` (the backend
 * contract). The hash only names the channel; the query itself travels as the subscribe data.
 * FNV-1a (32 bit) is enough: two filters on one channel would share a stream, not leak data.
 */
export function streamChannelPath(filter: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < filter.length; i++) {
    hash ^= filter.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `flows/${hash.toString(16).padStart(8, '0')}`;
}

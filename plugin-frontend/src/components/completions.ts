import { useCallback, useRef } from 'react';

import type { DataSource } from '../datasource';
import { CompletionSource } from '../filter/flagCatalog';

export type LoadCompletions = (source: CompletionSource, typed: string) => Promise<string[]>;

/**
 * Loads suggestions from the backend's list resources, once per resource and argument while the
 * editor is open. Labels are offered as keys first; after `key=` the values of that key follow.
 */
export function useCompletions(datasource: DataSource): LoadCompletions {
  const cache = useRef(new Map<string, Promise<string[]>>());

  const cached = useCallback((key: string, load: () => Promise<string[]>) => {
    let entry = cache.current.get(key);
    if (!entry) {
      entry = load().catch(() => {
        // Suggestions are a convenience: a relay that cannot answer leaves the user typing freely.
        cache.current.delete(key);
        return [];
      });
      cache.current.set(key, entry);
    }
    return entry;
  }, []);

  return useCallback(
    async (source: CompletionSource, typed: string) => {
      if (source === 'labels') {
        const equals = typed.indexOf('=');
        if (equals > 0) {
          const key = typed.slice(0, equals);
          const values = await cached(`label-values:${key}`, () => datasource.listValues('label-values', { key }));
          return values.map((v) => `${key}=${v}`);
        }
        return cached('labels', () => datasource.listValues('labels'));
      }
      if (source === 'pods' || source === 'workloads') {
        const slash = typed.indexOf('/');
        const namespace = slash > 0 && source === 'pods' ? typed.slice(0, slash) : '';
        const values = await cached(`${source}:${namespace}`, () =>
          datasource.listValues(source, namespace ? { namespace } : undefined)
        );
        if (source === 'workloads') {
          // The backend lists `ns/name`; `--workload` takes `name` or `Kind/name`, so offer the names.
          return Array.from(new Set(values.map((v) => v.slice(v.lastIndexOf('/') + 1))));
        }
        // `--pod` values are `namespace/pod`; accept either form from the backend.
        return namespace ? values.map((v) => (v.includes('/') ? v : `${namespace}/${v}`)) : values;
      }
      return cached(source, () => datasource.listValues(source));
    },
    [cached, datasource]
  );
}

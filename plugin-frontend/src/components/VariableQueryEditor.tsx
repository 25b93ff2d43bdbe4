import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Field, Input, Select } from '@grafana/ui';
import React, { ChangeEvent, useState } from 'react';

import type { DataSource } from '../datasource';
import { NetObsOptions, NetObsQuery, NetObsVariableQuery, VariableQueryKind } from '../types';

type Props = QueryEditorProps<DataSource, NetObsQuery, NetObsOptions, NetObsVariableQuery>;

const KINDS: Array<SelectableValue<VariableQueryKind>> = [
  { value: 'namespaces', label: 'Namespaces', description: 'Namespaces with flows' },
  { value: 'pods', label: 'Pods', description: 'namespace/pod names, optionally in one namespace' },
  { value: 'workloads', label: 'Workloads', description: 'Workload names, optionally in one namespace' },
  { value: 'nodes', label: 'Nodes', description: 'Nodes the relay reaches' },
  {
    value: 'clusters',
    label: 'Clusters',
    description: 'Clusters of the observing nodes, for --cluster and the cluster group-by',
  },
  { value: 'labels', label: 'Label keys', description: 'Endpoint label keys' },
  { value: 'label-values', label: 'Label values', description: 'Values of one label key' },
];

/** Template variables: what to list, and the namespace or label key it depends on. */
export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const kind = query.kind ?? 'namespaces';
  const [labelKeys, setLabelKeys] = useState<string[] | undefined>(undefined);

  const update = (change: Partial<NetObsVariableQuery>) => onChange({ ...query, kind, ...change });

  return (
    <div>
      <Field label="List" description="What the variable's values are">
        <Select<VariableQueryKind>
          aria-label="Variable values"
          width={30}
          options={KINDS}
          value={kind}
          onChange={(v) => update({ kind: v.value! })}
        />
      </Field>
      {(kind === 'pods' || kind === 'workloads') && (
        <Field label="Namespace" description="Only this namespace; may use a variable such as $namespace">
          <Input
            aria-label="Namespace"
            width={30}
            placeholder="all namespaces"
            defaultValue={query.namespace ?? ''}
            onBlur={(e: ChangeEvent<HTMLInputElement>) => update({ namespace: e.currentTarget.value || undefined })}
          />
        </Field>
      )}
      {kind === 'label-values' && (
        <Field label="Label key" description="e.g. k8s:app; may use a variable">
          <Select<string>
            aria-label="Label key"
            width={30}
            allowCustomValue
            isLoading={false}
            options={(labelKeys ?? []).map((k) => ({ value: k, label: k }))}
            value={query.labelKey ? { value: query.labelKey, label: query.labelKey } : null}
            onOpenMenu={async () => {
              if (labelKeys === undefined) {
                setLabelKeys(await datasource.listValues('labels').catch(() => []));
              }
            }}
            onChange={(v) => update({ labelKey: v?.value })}
          />
        </Field>
      )}
    </div>
  );
}

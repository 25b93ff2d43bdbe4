import { css } from '@emotion/css';
import { GrafanaTheme2, QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Field, Input, MultiSelect, RadioButtonGroup, Select, Switch, useStyles2 } from '@grafana/ui';
import React, { ChangeEvent, useCallback, useState } from 'react';

import type { DataSource } from '../datasource';
import { parseFilter } from '../filter/filterModel';
import { DIMENSIONS } from '../contract/contract';
import {
  COVERAGE_FILTER_FLAGS,
  EditorMode,
  FIELDS_BY_QUERY_TYPE,
  Metric,
  METRICS,
  NetObsOptions,
  NetObsQuery,
  NODE_KINDS,
  NodeKind,
  QUERY_TYPES,
  QueryType,
} from '../types';
import { useCompletions } from './completions';
import { FilterBuilder } from './FilterBuilder';
import { FilterCodeEditor } from './FilterCodeEditor';

type Props = QueryEditorProps<DataSource, NetObsQuery, NetObsOptions>;

/** Fields every query type keeps when the user switches type. */
const ALWAYS_KEPT: ReadonlyArray<keyof NetObsQuery> = [
  'refId',
  'hide',
  'key',
  'datasource',
  'queryType',
  'filter',
  'editorMode',
];

const EDITOR_MODES: Array<SelectableValue<EditorMode>> = [
  { value: 'builder', label: 'Builder' },
  { value: 'code', label: 'Code' },
];

const GROUP_BY_OPTIONS: Array<SelectableValue<string>> = DIMENSIONS.map((d) => ({
  value: d.name,
  label: (d.name.charAt(0).toUpperCase() + d.name.slice(1))
    .replace(/_/g, ' ')
    .replace(/\b(ip|dns|http|l7|tcp)\b/gi, (w) => w.toUpperCase()),
  // The name is what a query or template writes; the backend's sentence says what it holds.
  description: `${d.name}: ${d.description}`,
}));

/** Switches query type, keeping only the fields the new type reads. */
export function changeQueryType(query: NetObsQuery, queryType: QueryType): NetObsQuery {
  const kept = new Set<keyof NetObsQuery>([...ALWAYS_KEPT, ...FIELDS_BY_QUERY_TYPE[queryType]]);
  const next: Partial<NetObsQuery> = {};
  for (const key of Object.keys(query) as Array<keyof NetObsQuery>) {
    if (kept.has(key)) {
      (next as Record<string, unknown>)[key] = query[key];
    }
  }
  return { ...(next as NetObsQuery), queryType };
}

/** Flags a coverage filter may not use: coverage is kept per cluster and node, so only those two flags apply. */
export function flagsCoverageIgnores(filter: string): string[] {
  try {
    const flags = parseFilter(filter)
      .map((clause) => clause.flag)
      .filter((flag) => !COVERAGE_FILTER_FLAGS.includes(flag));
    return Array.from(new Set(flags));
  } catch {
    // The filter editor already says what is wrong with a filter that does not parse.
    return [];
  }
}

function filterParses(filter: string): string | undefined {
  try {
    parseFilter(filter);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const styles = useStyles2(getStyles);
  const loadCompletions = useCompletions(datasource);
  const queryType = query.queryType ?? 'flows';
  const filter = query.filter ?? '';
  const fields = FIELDS_BY_QUERY_TYPE[queryType];
  const [builderBlocked, setBuilderBlocked] = useState<string | undefined>(undefined);
  const requestedMode = query.editorMode ?? 'builder';
  const parseProblem = requestedMode === 'builder' ? filterParses(filter) : undefined;
  const mode: EditorMode = parseProblem ? 'code' : requestedMode;

  const update = (change: Partial<NetObsQuery>, run = true) => {
    onChange({ ...query, ...change });
    if (run) {
      onRunQuery();
    }
  };

  const setMode = (next: EditorMode) => {
    const problem = next === 'builder' ? filterParses(filter) : undefined;
    setBuilderBlocked(problem);
    if (!problem) {
      update({ editorMode: next }, false);
    }
  };

  const validate = useCallback((text: string) => datasource.validateFilter(text), [datasource]);

  return (
    <div className={styles.editor}>
      <div className={styles.row}>
        <Field label="Query type" className={styles.field}>
          <RadioButtonGroup<QueryType>
            options={QUERY_TYPES}
            value={queryType}
            onChange={(t) => {
              onChange(changeQueryType(query, t));
              onRunQuery();
            }}
          />
        </Field>
        {queryType !== 'status' && (
          <Field label="Filter editor" className={styles.field}>
            <RadioButtonGroup<EditorMode> options={EDITOR_MODES} value={mode} onChange={setMode} size="sm" />
          </Field>
        )}
      </div>

      {queryType !== 'status' && (
        <Field
          label="Filter"
          description={
            queryType === 'coverage'
              ? 'Which clusters and nodes to report: only --cluster and --node-name apply to coverage'
              : 'hubble observe flags; flags AND together, a repeated flag ORs its values, --not excludes the next flag'
          }
          className={styles.field}
        >
          <div className={styles.filter}>
            {queryType === 'coverage' && flagsCoverageIgnores(filter).length > 0 && (
              <Alert severity="warning" title="Coverage takes only --cluster and --node-name">
                Remove {flagsCoverageIgnores(filter).join(', ')}: coverage is kept per cluster and node, not per flow.
              </Alert>
            )}
            {(builderBlocked || parseProblem) && (
              <Alert severity="info" title="The builder cannot show this filter">
                {builderBlocked ?? parseProblem}. Fix it here, then switch to the builder.
              </Alert>
            )}
            {mode === 'builder' ? (
              <FilterBuilder
                filter={filter}
                loadCompletions={loadCompletions}
                onChange={(f) => update({ filter: f })}
              />
            ) : (
              <FilterCodeEditor
                filter={filter}
                validate={validate}
                onChange={(f) => {
                  setBuilderBlocked(undefined);
                  update({ filter: f }, false);
                }}
                onBlur={onRunQuery}
              />
            )}
          </div>
        </Field>
      )}

      {queryType !== 'status' && (
        <div className={styles.row}>
          {fields.includes('groupBy') && (
            <Field label="Group by" className={styles.field}>
              <MultiSelect<string>
                aria-label="Group by"
                width={60}
                options={GROUP_BY_OPTIONS}
                value={query.groupBy ?? []}
                allowCustomValue
                placeholder="verdict, source_namespace, ..."
                onChange={(v) => update({ groupBy: v.map((o) => o.value!).filter(Boolean) })}
              />
            </Field>
          )}
          {fields.includes('metric') && (
            <Field label="Metric" className={styles.field}>
              <Select<Metric>
                aria-label="Metric"
                width={20}
                options={METRICS}
                value={query.metric ?? 'count'}
                onChange={(v) => update({ metric: v.value })}
              />
            </Field>
          )}
          {fields.includes('k') && (
            <NumberField label="Top k" value={query.k} placeholder="10" onCommit={(k) => update({ k })} />
          )}
          {fields.includes('nodeKind') && (
            <Field label="Nodes are" className={styles.field}>
              <Select<NodeKind>
                aria-label="Nodes are"
                width={20}
                options={NODE_KINDS}
                value={query.nodeKind ?? 'workload'}
                onChange={(v) => update({ nodeKind: v.value })}
              />
            </Field>
          )}
          {fields.includes('limit') && (
            <NumberField
              label={queryType === 'servicemap' ? 'Flows to read' : 'Limit'}
              value={query.limit}
              placeholder="data source default"
              onCommit={(limit) => update({ limit })}
            />
          )}
          {fields.includes('stream') && (
            <Field
              label="Live"
              description="Stream new flows (Explore's live mode does this too)"
              className={styles.field}
            >
              <Switch
                aria-label="Live"
                value={Boolean(query.stream)}
                onChange={(e) => update({ stream: e.currentTarget.checked })}
              />
            </Field>
          )}
        </div>
      )}
    </div>
  );
}

interface NumberFieldProps {
  label: string;
  value?: number;
  placeholder: string;
  onCommit: (value: number | undefined) => void;
}

/** A whole-number input that runs the query on blur and says what is wrong with other input. */
function NumberField({ label, value, placeholder, onCommit }: NumberFieldProps) {
  const styles = useStyles2(getStyles);
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const parsed = text.trim() === '' ? undefined : Number(text);
  const error =
    parsed !== undefined && (!Number.isInteger(parsed) || parsed <= 0)
      ? `${label} must be a whole number above 0, not '${text}'.`
      : undefined;
  return (
    <Field label={label} invalid={Boolean(error)} error={error} className={styles.field}>
      <Input
        aria-label={label}
        type="number"
        min={1}
        width={16}
        value={text}
        placeholder={placeholder}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setText(e.currentTarget.value)}
        onBlur={() => !error && parsed !== value && onCommit(parsed)}
      />
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'flex-start' }),
  field: css({ marginBottom: 0 }),
  filter: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%' }),
});

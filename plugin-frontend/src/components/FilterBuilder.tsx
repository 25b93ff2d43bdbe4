import { css } from '@emotion/css';
import { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, IconButton, Input, RadioButtonGroup, Select, useStyles2 } from '@grafana/ui';
import React, { ChangeEvent, useState } from 'react';

import { Direction, FILTER_FIELDS, FilterField, takesValue } from '../filter/flagCatalog';
import {
  displayedValue,
  FilterClause,
  formatFilter,
  parseFilter,
  retargetClause,
  updateClause,
  viewClause,
} from '../filter/filterModel';
import { LoadCompletions } from './completions';

interface Props {
  filter: string;
  onChange: (filter: string) => void;
  loadCompletions: LoadCompletions;
}

const OTHER_FIELD = '__other';

const FIELD_OPTIONS: Array<SelectableValue<string>> = [
  ...FILTER_FIELDS.map((f) => ({ value: f.id, label: f.label, description: f.description })),
  { value: OTHER_FIELD, label: 'Other flag', description: 'Any other hubble observe flag, e.g. --since 5m' },
];

const DIRECTION_LABELS: Record<Direction, string> = { either: 'either end', from: 'source', to: 'destination' };

const NEGATION_OPTIONS: Array<SelectableValue<boolean>> = [
  { value: false, label: 'is', description: 'Keep flows that match' },
  { value: true, label: 'is not', description: 'Drop flows that match (--not)' },
];

interface Row {
  key: number;
  clause: FilterClause;
}

/**
 * Edits a filter as rows of field, end, is / is not, and value. It writes the same
 * `hubble observe` flag string as the code editor; rows still missing a value are kept here
 * and left out of the string until complete.
 */
export function FilterBuilder({ filter, onChange, loadCompletions }: Props) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<BuilderState>(() => fromFilter(filter, 0));

  // Re-read the string only when it changed outside this builder (code mode, a dashboard, a variable);
  // rows the user is still filling in are not in the string, so they must not be lost on our own writes.
  if (filter !== state.source) {
    setState(fromFilter(filter, state.nextKey));
  }
  const rows = state.rows;

  const commit = (next: Row[], nextKey = state.nextKey) => {
    const text = formatFilter(next.map((r) => r.clause));
    setState({ rows: next, nextKey, source: text });
    if (text !== filter) {
      onChange(text);
    }
  };

  const replaceRow = (key: number, clause: FilterClause) =>
    commit(rows.map((r) => (r.key === key ? { key, clause } : r)));

  const addRow = () =>
    commit(
      [...rows, { key: state.nextKey, clause: { negated: false, flag: '--namespace', value: '' } }],
      state.nextKey + 1
    );

  return (
    <div className={styles.builder} data-testid="filter-builder">
      {rows.map(({ key, clause }, index) => (
        <ClauseRow
          key={key}
          index={index}
          clause={clause}
          loadCompletions={loadCompletions}
          onChange={(c) => replaceRow(key, c)}
          onRemove={() => commit(rows.filter((r) => r.key !== key))}
        />
      ))}
      <div className={styles.actions}>
        <Button icon="plus" variant="secondary" size="sm" fill="outline" onClick={addRow}>
          Filter
        </Button>
        {rows.length === 0 && <span className={styles.hint}>No filter: every flow the relay sees.</span>}
      </div>
    </div>
  );
}

interface BuilderState {
  rows: Row[];
  /** Next React key for a new row. */
  nextKey: number;
  /** The filter string the rows stand for. */
  source: string;
}

function fromFilter(filter: string, firstKey: number): BuilderState {
  let clauses: FilterClause[] = [];
  try {
    clauses = parseFilter(filter);
  } catch {
    // The query editor only shows the builder for filters that parse; stay empty otherwise.
  }
  return {
    rows: clauses.map((clause, i) => ({ key: firstKey + i, clause })),
    nextKey: firstKey + clauses.length,
    source: filter,
  };
}

interface ClauseRowProps {
  index: number;
  clause: FilterClause;
  loadCompletions: LoadCompletions;
  onChange: (clause: FilterClause) => void;
  onRemove: () => void;
}

function ClauseRow({ index, clause, loadCompletions, onChange, onRemove }: ClauseRowProps) {
  const styles = useStyles2(getStyles);
  const view = viewClause(clause);
  const { value, negated } = displayedValue(clause);
  const field = view.kind === 'other' ? undefined : view.field;
  const direction = view.kind === 'field' ? view.direction : 'either';
  const directions = field ? (Object.keys(field.flags) as Direction[]) : [];
  const label = `Filter ${index + 1}`;

  return (
    <div className={styles.row} role="group" aria-label={label}>
      <Select<string>
        aria-label={`${label} field`}
        width={20}
        options={FIELD_OPTIONS}
        value={field?.id ?? OTHER_FIELD}
        onChange={(v) =>
          v.value === OTHER_FIELD
            ? onChange({ negated, flag: '--since', value: '' })
            : onChange(retargetClause(clause, v.value!, direction))
        }
      />
      {directions.length > 1 && field && (
        <Select<Direction>
          aria-label={`${label} end`}
          width={16}
          options={directions.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))}
          value={direction}
          onChange={(v) => onChange(retargetClause(clause, field.id, v.value!))}
        />
      )}
      {field && directions.length <= 1 && <div className={styles.directionSpacer} />}
      {!field && (
        <Input
          aria-label={`${label} flag`}
          width={20}
          className={styles.mono}
          value={clause.flag}
          placeholder="--since"
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...clause, flag: e.currentTarget.value.trim() })}
        />
      )}
      <RadioButtonGroup<boolean>
        size="sm"
        options={NEGATION_OPTIONS}
        value={negated}
        onChange={(v) => onChange(updateClause(clause, { negated: v }))}
      />
      {(field || takesValue(clause.flag)) && (
        <ValueInput
          label={`${label} value`}
          field={field}
          value={value}
          loadCompletions={loadCompletions}
          onChange={(v) => onChange(updateClause(clause, { value: v }))}
        />
      )}
      <IconButton name="times" tooltip={`Remove ${label.toLowerCase()}`} onClick={onRemove} />
    </div>
  );
}

interface ValueInputProps {
  label: string;
  field?: FilterField;
  value: string;
  loadCompletions: LoadCompletions;
  onChange: (value: string) => void;
}

/** A free-text value, with suggestions when the field has fixed options or a backend resource. */
function ValueInput({ label, field, value, loadCompletions, onChange }: ValueInputProps) {
  const [suggestions, setSuggestions] = useState<string[] | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [typed, setTyped] = useState('');

  if (!field || (!field.options && !field.completion)) {
    return (
      <Input
        aria-label={label}
        width={40}
        value={value}
        placeholder={field?.placeholder ?? 'value'}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.currentTarget.value)}
      />
    );
  }

  const load = async (text: string) => {
    if (!field.completion) {
      return;
    }
    setLoading(true);
    try {
      setSuggestions(await loadCompletions(field.completion, text));
    } finally {
      setLoading(false);
    }
  };

  const values = Array.from(new Set([...(field.options ?? []), ...(suggestions ?? [])]));
  const options: Array<SelectableValue<string>> = values.map((v) => ({ value: v, label: v }));
  if (value && !values.includes(value)) {
    options.unshift({ value, label: value });
  }

  return (
    <Select<string>
      aria-label={label}
      width={40}
      allowCustomValue
      isLoading={loading}
      options={options}
      value={value ? { value, label: value } : null}
      placeholder={field.placeholder ?? 'Select or type a value'}
      onOpenMenu={() => suggestions === undefined && load(typed)}
      onInputChange={(text, meta) => {
        if (meta.action === 'input-change') {
          setTyped(text);
          // Labels complete in two steps: keys, then the values of the key before `=`.
          if (field.completion === 'labels' && text.endsWith('=')) {
            load(text);
          }
        }
        return text;
      }}
      onChange={(v) => onChange(v?.value ?? '')}
      onCreateOption={(v) => onChange(v)}
      formatCreateLabel={(v) => `Use "${v}"`}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  builder: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  // Keeps "is / is not" and values in columns when a field has no end to choose.
  directionSpacer: css({ width: theme.spacing(16) }),
});

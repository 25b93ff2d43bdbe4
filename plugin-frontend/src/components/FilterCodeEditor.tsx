import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TextArea, useStyles2 } from '@grafana/ui';
import React, { ChangeEvent, useEffect, useState } from 'react';

import { FilterError, ValidateResponse } from '../types';

interface Props {
  filter: string;
  onChange: (filter: string) => void;
  onBlur: () => void;
  validate: (filter: string) => Promise<ValidateResponse>;
  /** Milliseconds of quiet typing before asking the backend. */
  validateDelay?: number;
}

type Validation =
  | { state: 'idle' }
  | { state: 'valid'; canonical: string }
  | { state: 'invalid'; error: FilterError }
  | { state: 'unavailable'; reason: string };

/**
 * Raw `hubble observe` flags, as typed at the CLI. Each pause in typing sends the text to the
 * backend's `validate` resource, which parses it exactly as queries will; an error is shown
 * under the text with a caret at its position.
 */
export function FilterCodeEditor({ filter, onChange, onBlur, validate, validateDelay = 300 }: Props) {
  const styles = useStyles2(getStyles);
  const [checked, setChecked] = useState<{ filter: string; validation: Validation }>({
    filter: '',
    validation: { state: 'idle' },
  });
  // A result for older text would point at the wrong characters, so only the current text's counts.
  const validation: Validation =
    checked.filter === filter && filter.trim() !== '' ? checked.validation : { state: 'idle' };

  useEffect(() => {
    if (filter.trim() === '') {
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      validate(filter)
        .then((r) => {
          if (current) {
            setChecked({
              filter,
              validation: r.valid ? { state: 'valid', canonical: r.canonical } : { state: 'invalid', error: r.error },
            });
          }
        })
        .catch((e: unknown) => {
          if (current) {
            setChecked({ filter, validation: { state: 'unavailable', reason: describeFailure(e) } });
          }
        });
    }, validateDelay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filter, validate, validateDelay]);

  const invalid = validation.state === 'invalid';
  return (
    <div className={styles.editor}>
      <TextArea
        aria-label="Filter flags"
        className={styles.code}
        rows={2}
        invalid={invalid}
        spellCheck={false}
        placeholder="--namespace pets --verdict DROPPED --not --label k8s-app=kube-dns"
        value={filter}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange(e.currentTarget.value)}
        onBlur={onBlur}
      />
      {validation.state === 'invalid' && <ErrorAtPosition filter={filter} error={validation.error} />}
      {validation.state === 'valid' && validation.canonical !== filter.trim() && (
        <div className={styles.note} aria-label="Canonical filter">
          Reads as <code>{validation.canonical}</code>
        </div>
      )}
      {validation.state === 'unavailable' && (
        <div className={styles.note}>Could not check the filter: {validation.reason}</div>
      )}
    </div>
  );
}

function ErrorAtPosition({ filter, error }: { filter: string; error: FilterError }) {
  const styles = useStyles2(getStyles);
  const position = error.position;
  const hasPosition = position !== undefined && position >= 0 && position <= filter.length;
  const length = Math.max(1, error.token?.length ?? 1);
  return (
    <div role="alert" className={styles.error}>
      {hasPosition && (
        <pre className={styles.pointer} data-testid="filter-error-pointer">
          {filter.slice(0, position)}
          <mark className={styles.mark}>{filter.slice(position, position + length) || ' '}</mark>
          {filter.slice(position + length)}
          {'\n'}
          <span className={styles.caret}>
            {' '.repeat(position)}
            {'^'.repeat(length)}
          </span>
        </pre>
      )}
      <div>{error.message}</div>
    </div>
  );
}

function describeFailure(e: unknown): string {
  if (e && typeof e === 'object') {
    const fetchError = e as { data?: { message?: string }; message?: string; statusText?: string };
    return fetchError.data?.message ?? fetchError.message ?? fetchError.statusText ?? 'the backend did not answer';
  }
  return String(e);
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), width: '100%' }),
  code: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  note: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  error: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
  pointer: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    background: 'none',
    border: 'none',
    padding: 0,
    margin: 0,
    color: theme.colors.text.secondary,
    whiteSpace: 'pre',
    overflowX: 'auto',
  }),
  caret: css({ color: theme.colors.error.text }),
  mark: css({ background: theme.colors.error.transparent, color: theme.colors.error.text }),
});

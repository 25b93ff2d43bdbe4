import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { FilterClause, formatFilter, parseFilter } from './filterModel';

/** Grafana's variable syntaxes: `$name`, `${name}`, `${name:format}`, `${name.field}`, `[[name]]`. */
const VARIABLE_REFERENCE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

const ALL_VALUE = '$__all';

/** Upper bound on the flags one clause may expand into, so a careless variable cannot explode a query. */
const MAX_EXPANSION = 1000;

function referencedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(VARIABLE_REFERENCE)) {
    const name = m[1] ?? m[2] ?? m[4];
    if (name && !name.startsWith('__')) {
      names.add(name);
    }
  }
  return [...names];
}

interface VariableState {
  isAll: boolean;
  hasCustomAllValue: boolean;
}

function variableState(name: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): VariableState {
  const scoped = scopedVars?.[name];
  if (scoped) {
    return { isAll: scoped.value === ALL_VALUE, hasCustomAllValue: false };
  }
  const variable = templateSrv.getVariables().find((v) => v.name === name) as
    { current?: { value?: string | string[] }; allValue?: string | null } | undefined;
  const current = variable?.current?.value;
  const isAll = Array.isArray(current) ? current.includes(ALL_VALUE) : current === ALL_VALUE;
  return { isAll, hasCustomAllValue: Boolean(variable?.allValue) };
}

function valuesOf(name: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string[] | undefined {
  const json = templateSrv.replace('${' + name + '}', scopedVars, (value: unknown) =>
    JSON.stringify(Array.isArray(value) ? value.map(String) : [String(value ?? '')])
  );
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String) : undefined;
  } catch {
    // Unknown variable: Grafana leaves the text as it was; so do we.
    return undefined;
  }
}

function expandClause(clause: FilterClause, templateSrv: TemplateSrv, scopedVars?: ScopedVars): FilterClause[] {
  const value = clause.value;
  if (value === undefined) {
    return [clause];
  }
  const names = referencedVariables(value);
  if (names.length === 0) {
    return [clause];
  }
  const states = names.map((name) => variableState(name, templateSrv, scopedVars));
  // "All" without a custom all value means "no restriction": the flag goes, rather than every value.
  if (states.some((s) => s.isAll && !s.hasCustomAllValue)) {
    return [];
  }
  let combinations: ScopedVars[] = [{ ...scopedVars }];
  for (const name of names) {
    const values = valuesOf(name, templateSrv, scopedVars);
    if (values === undefined) {
      continue;
    }
    const next: ScopedVars[] = [];
    for (const combination of combinations) {
      for (const v of values) {
        next.push({ ...combination, [name]: { text: v, value: v } });
      }
    }
    if (next.length > MAX_EXPANSION) {
      throw new Error(
        `filter: '${clause.flag} ${value}' expands to ${next.length} flags (more than ${MAX_EXPANSION}); ` +
          'select fewer variable values or use the All option'
      );
    }
    combinations = next;
  }
  const seen = new Set<string>();
  const result: FilterClause[] = [];
  for (const vars of combinations) {
    const replaced = templateSrv.replace(value, vars, 'raw');
    if (!seen.has(replaced)) {
      seen.add(replaced);
      result.push({ ...clause, value: replaced });
    }
  }
  return result;
}

/**
 * Replaces Grafana template variables in a filter. Each flag value is replaced on its own and quoted
 * again, so values with spaces or quotes stay one argument; a multi-value variable becomes one flag
 * per value (`--namespace a --namespace b`, each with its own `--not`); a variable set to All
 * (without a custom all value) removes its flag.
 */
export function interpolateFilter(filter: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string {
  if (!filter || !templateSrv.containsTemplate(filter)) {
    return filter;
  }
  let clauses: FilterClause[];
  try {
    clauses = parseFilter(filter);
  } catch {
    // The backend will report the syntax error; replace what we can so its message shows real values.
    return templateSrv.replace(filter, scopedVars);
  }
  return formatFilter(clauses.flatMap((clause) => expandClause(clause, templateSrv, scopedVars)));
}

/** Replaces variables in group-by names; a multi-value variable contributes every selected name. */
export function interpolateList(items: string[] | undefined, templateSrv: TemplateSrv, scopedVars?: ScopedVars) {
  if (!items) {
    return items;
  }
  return items
    .flatMap((item) =>
      templateSrv
        .replace(item, scopedVars, (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value ?? '')))
        .split(',')
    )
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== ALL_VALUE);
}

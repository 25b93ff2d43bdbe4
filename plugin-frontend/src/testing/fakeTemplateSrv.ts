import { ScopedVars, TimeRange } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

/** A dashboard variable as the fake knows it: current value, options, and the All settings. */
export interface FakeVariable {
  name: string;
  current: string | string[];
  options?: string[];
  allValue?: string;
}

const REFERENCE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/**
 * Replaces variables the way Grafana's TemplateSrv does for the cases the plugin relies on:
 * scoped variables win over dashboard ones, a format function receives a string or an array,
 * `$__all` expands to every option unless a custom all value is set, unknown names stay as typed,
 * and without a format a multi-value variable renders as `{a,b}`.
 */
export class FakeTemplateSrv implements TemplateSrv {
  constructor(private readonly variables: FakeVariable[] = []) {}

  getVariables() {
    return this.variables.map((v) => ({
      name: v.name,
      type: 'custom',
      current: { value: v.current, text: v.current },
      allValue: v.allValue ?? null,
      options: (v.options ?? []).map((o) => ({ value: o, text: o, selected: false })),
    })) as unknown as ReturnType<TemplateSrv['getVariables']>;
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    for (const m of target.matchAll(REFERENCE)) {
      const name = m[1] ?? m[2] ?? m[4];
      if (this.variables.some((v) => v.name === name)) {
        return true;
      }
    }
    return false;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(REFERENCE, (match, n1, n2, _f2, n4, _field, f4) => {
      const name: string = n1 ?? n2 ?? n4;
      const fmt = typeof format === 'function' ? format : (f4 ?? format);
      const scoped = scopedVars?.[name];
      if (scoped) {
        return this.format(scoped.value, fmt);
      }
      const variable = this.variables.find((v) => v.name === name);
      if (!variable) {
        return match;
      }
      const isAll = Array.isArray(variable.current)
        ? variable.current.includes('$__all')
        : variable.current === '$__all';
      if (isAll) {
        if (variable.allValue) {
          return variable.allValue;
        }
        return this.format(variable.options ?? [], fmt);
      }
      return this.format(variable.current, fmt);
    });
  }

  updateTimeRange(_: TimeRange): void {}

  private format(value: unknown, format: string | Function | undefined): string {
    if (typeof format === 'function') {
      return format(value);
    }
    if (Array.isArray(value)) {
      if (format === 'csv') {
        return value.join(',');
      }
      return value.length === 1 ? String(value[0]) : `{${value.join(',')}}`;
    }
    return String(value);
  }
}

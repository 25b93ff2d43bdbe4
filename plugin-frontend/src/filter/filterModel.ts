import { ArgumentSyntaxError, quoteArgument, splitArguments } from './arguments';
import { canonicalFlag, Direction, DNS_QUERY_FIELD_ID, fieldById, fieldForFlag, FilterField, takesValue } from './flagCatalog';

/**
 * One flag of a filter, with the `--not` that may precede it. The builder edits a list of these
 * and writes them back as the same flag string the backend parses.
 */
export interface FilterClause {
  negated: boolean;
  /** Long flag name as written, e.g. `--from-pod`, `--since`. */
  flag: string;
  /** Unquoted value; undefined for flags that take none. */
  value?: string;
}

/** A clause as the builder shows it: a known field and direction, or a flag it has no editor for. */
export type ClauseView =
  | { kind: 'field'; field: FilterField; direction: Direction }
  | { kind: 'dnsQuery'; field: FilterField }
  | { kind: 'other' };

export function parseFilter(text: string): FilterClause[] {
  const tokens = splitArguments(text);
  const clauses: FilterClause[] = [];
  let negatePosition: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.text.startsWith('-') || token.text === '-' || token.text === '--') {
      throw new ArgumentSyntaxError(
        `unexpected argument '${token.text}' at position ${token.start}; every value must follow a flag such as --namespace`,
        token.start
      );
    }
    let flag = token.text;
    let value: string | undefined;
    const equals = flag.indexOf('=');
    if (flag.startsWith('--') && equals > 0) {
      value = flag.slice(equals + 1);
      flag = flag.slice(0, equals);
    }
    flag = canonicalFlag(flag);
    if (flag === '--not') {
      if (negatePosition !== undefined) {
        throw new ArgumentSyntaxError(`'--not' at position ${token.start} follows another '--not'; remove one`, token.start);
      }
      negatePosition = token.start;
      continue;
    }
    if (value === undefined && takesValue(flag)) {
      const next = tokens[i + 1];
      if (next === undefined) {
        throw new ArgumentSyntaxError(`flag '${flag}' at position ${token.start} needs a value`, token.start);
      }
      value = next.text;
      i++;
    }
    clauses.push({ negated: negatePosition !== undefined, flag, value });
    negatePosition = undefined;
  }
  if (negatePosition !== undefined) {
    throw new ArgumentSyntaxError(
      `'--not' at position ${negatePosition} has no flag after it; add the flag to exclude`,
      negatePosition
    );
  }
  return clauses;
}

/** True when the clause has everything it needs to be written out. */
export function isComplete(clause: FilterClause): boolean {
  if (!clause.flag.startsWith('-')) {
    return false;
  }
  if (dnsQueryPattern(clause) === '') {
    return false;
  }
  return !takesValue(clause.flag) || (clause.value !== undefined && clause.value !== '');
}

export function formatClause(clause: FilterClause): string {
  const parts: string[] = [];
  if (clause.negated) {
    parts.push('--not');
  }
  parts.push(clause.flag);
  if (takesValue(clause.flag) && clause.value !== undefined) {
    parts.push(quoteArgument(clause.value));
  }
  return parts.join(' ');
}

/** Writes complete clauses as a flag string; incomplete ones (still being edited) are left out. */
export function formatFilter(clauses: FilterClause[]): string {
  return clauses.filter(isComplete).map(formatClause).join(' ');
}

/** The FlowFilter JSON Hubble expects for a DNS query regex (protojson field `dns_query`). */
export function dnsQueryClause(pattern: string, negated: boolean): FilterClause {
  return { negated: false, flag: negated ? '--denylist' : '--allowlist', value: JSON.stringify({ dns_query: [pattern] }) };
}

function dnsQueryPattern(clause: FilterClause): string | undefined {
  if ((clause.flag !== '--allowlist' && clause.flag !== '--denylist') || clause.negated || !clause.value) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(clause.value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const keys = Object.keys(parsed);
      const patterns = (parsed as Record<string, unknown>).dns_query ?? (parsed as Record<string, unknown>).dnsQuery;
      if (keys.length === 1 && Array.isArray(patterns) && patterns.length === 1 && typeof patterns[0] === 'string') {
        return patterns[0];
      }
    }
  } catch {
    // Not JSON: the backend reports it; the builder shows the clause as a raw flag.
  }
  return undefined;
}

export function viewClause(clause: FilterClause): ClauseView {
  const match = fieldForFlag(clause.flag);
  if (match) {
    return { kind: 'field', field: match.field, direction: match.direction };
  }
  const dns = fieldById(DNS_QUERY_FIELD_ID);
  if (dns && dnsQueryPattern(clause) !== undefined) {
    return { kind: 'dnsQuery', field: dns };
  }
  return { kind: 'other' };
}

/** Value and negation the builder shows for a clause (a DNS query's pattern lives inside JSON). */
export function displayedValue(clause: FilterClause): { value: string; negated: boolean } {
  const pattern = dnsQueryPattern(clause);
  if (pattern !== undefined) {
    return { value: pattern, negated: clause.flag === '--denylist' };
  }
  return { value: clause.value ?? '', negated: clause.negated };
}

/** Rewrites a clause for another field or direction, keeping its value and `--not`. */
export function retargetClause(clause: FilterClause, fieldId: string, direction: Direction): FilterClause {
  const { value, negated } = displayedValue(clause);
  if (fieldId === DNS_QUERY_FIELD_ID) {
    return dnsQueryClause(value, negated);
  }
  const field = fieldById(fieldId);
  const flag = field?.flags[direction] ?? field?.flags.either ?? clause.flag;
  return { negated, flag, value };
}

/** Sets a clause's value or negation, whatever its kind. */
export function updateClause(clause: FilterClause, change: { value?: string; negated?: boolean }): FilterClause {
  const current = displayedValue(clause);
  const value = change.value ?? current.value;
  const negated = change.negated ?? current.negated;
  if (viewClause(clause).kind === 'dnsQuery') {
    return dnsQueryClause(value, negated);
  }
  return { ...clause, value: takesValue(clause.flag) ? value : undefined, negated };
}

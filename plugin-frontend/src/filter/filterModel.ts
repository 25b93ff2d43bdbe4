import { ArgumentSyntaxError, ArgumentToken, quoteArgument, splitArguments } from './arguments';
import {
  Direction,
  DNS_QUERY_FIELD_ID,
  fieldById,
  fieldForFlag,
  FilterField,
  FLAG_ALIASES,
  takesValue,
} from './flagCatalog';

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

/** "hubble observe [flows]" in front of the flags is allowed, as users paste whole command lines. */
function skipCommandWords(tokens: ArgumentToken[]): number {
  let index = 0;
  if (tokens[index]?.text === 'hubble') {
    index++;
  }
  if (tokens[index]?.text === 'observe') {
    index++;
    if (tokens[index]?.text === 'flows') {
      index++;
    }
  }
  return index;
}

/**
 * Reads a filter the way the backend's parser does (NetObs.Hubble ObserveFilterParser): long flags
 * with a separate or `=` value, bundled short flags (`-4A`, `-nkube-system`), switches with
 * `=true`/`=false`, and `--not` applying to the next flag only.
 */
export function parseFilter(text: string): FilterClause[] {
  const tokens = splitArguments(text);
  const clauses: FilterClause[] = [];
  let negatePosition: number | undefined;

  const emit = (flag: string, value: string | undefined, position: number) => {
    if (flag === '--not') {
      if (negatePosition !== undefined) {
        throw new ArgumentSyntaxError(`'--not' at position ${position} follows another '--not'; remove one`, position);
      }
      negatePosition = position;
      return;
    }
    clauses.push({ negated: negatePosition !== undefined, flag, value });
    negatePosition = undefined;
  };

  const valueAfter = (index: number, flag: string, position: number) => {
    const next = tokens[index + 1];
    if (next === undefined) {
      throw new ArgumentSyntaxError(`flag '${flag}' at position ${position} needs a value`, position);
    }
    return next.text;
  };

  for (let i = skipCommandWords(tokens); i < tokens.length; i++) {
    const token = tokens[i];
    const word = token.text;
    if (word.startsWith('--') && word.length > 2) {
      const equals = word.indexOf('=');
      const flag = equals > 0 ? word.slice(0, equals) : word;
      const inline = equals > 0 ? word.slice(equals + 1) : undefined;
      if (!takesValue(flag)) {
        if (inline !== undefined && inline !== 'true' && inline !== 'false') {
          throw new ArgumentSyntaxError(
            `flag '${flag}' at position ${token.start} is a switch and takes no value other than true or false, got '${inline}'`,
            token.start
          );
        }
        if (inline !== 'false') {
          emit(flag, undefined, token.start);
        }
      } else if (inline !== undefined) {
        emit(flag, inline, token.start);
      } else {
        emit(flag, valueAfter(i, flag, token.start), token.start);
        i++;
      }
    } else if (word.length > 1 && word[0] === '-' && word[1] !== '-') {
      for (let j = 1; j < word.length; j++) {
        const position = token.start + j;
        const flag = FLAG_ALIASES[`-${word[j]}`];
        if (!flag) {
          throw new ArgumentSyntaxError(
            `unknown short flag '-${word[j]}' at position ${position}; short flags are ${Object.keys(FLAG_ALIASES).join(', ')}`,
            position
          );
        }
        if (!takesValue(flag)) {
          emit(flag, undefined, position);
          continue;
        }
        let rest = word.slice(j + 1);
        rest = rest.startsWith('=') ? rest.slice(1) : rest;
        if (rest.length > 0) {
          emit(flag, rest, position);
        } else {
          emit(flag, valueAfter(i, `-${word[j]}`, position), position);
          i++;
        }
        break;
      }
    } else {
      throw new ArgumentSyntaxError(
        `unexpected argument '${word}' at position ${token.start}; values follow a flag, e.g. --pod ${word}`,
        token.start
      );
    }
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
  return {
    negated: false,
    flag: negated ? '--denylist' : '--allowlist',
    value: JSON.stringify({ dns_query: [pattern] }),
  };
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

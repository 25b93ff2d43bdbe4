/**
 * Splitting and quoting of `hubble observe` arguments with the backend's rules
 * (NetObs.Hubble ObserveTokenizer), which are the shell's for what users paste: single quotes are
 * literal, double quotes allow `\"` and `\\`, a backslash outside quotes escapes the next
 * character, and adjacent quoted parts join into one argument.
 */

/** One argument and where it came from in the original text. */
export interface ArgumentToken {
  text: string;
  /** 0-based offset of the argument's first character. */
  start: number;
  /** Offset just past the argument's last character. */
  end: number;
}

/** Thrown for text that a shell would reject, such as an unterminated quote. */
export class ArgumentSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(message);
    this.name = 'ArgumentSyntaxError';
  }
}

const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\']);

export function splitArguments(text: string): ArgumentToken[] {
  const tokens: ArgumentToken[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) {
      i++;
    }
    if (i >= text.length) {
      break;
    }
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) {
          throw new ArgumentSyntaxError(`unterminated single quote at position ${i}; close it with '`, i);
        }
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i;
        i++;
        let closed = false;
        while (i < text.length) {
          const d = text[i];
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < text.length && DOUBLE_QUOTE_ESCAPABLE.has(text[i + 1])) {
            value += text[i + 1];
            i += 2;
          } else {
            value += d;
            i++;
          }
        }
        if (!closed) {
          throw new ArgumentSyntaxError(`unterminated double quote at position ${open}; close it with "`, open);
        }
      } else if (c === '\\') {
        if (i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else {
          i++;
        }
      } else {
        value += c;
        i++;
      }
    }
    tokens.push({ text: value, start, end: i });
  }
  return tokens;
}

const SAFE_BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument so that `splitArguments` (and a shell) read it back unchanged. */
export function quoteArgument(value: string): string {
  if (SAFE_BARE.test(value)) {
    return value;
  }
  if (!value.includes("'")) {
    return `'${value}'`;
  }
  return `"${value.replace(/["\\]/g, (m) => `\\${m}`)}"`;
}

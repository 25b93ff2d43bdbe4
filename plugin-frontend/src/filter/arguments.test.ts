import { ArgumentSyntaxError, quoteArgument, splitArguments } from './arguments';

describe('splitArguments', () => {
  it('splits on whitespace and records where each argument starts', () => {
    const tokens = splitArguments('  --namespace   pets --verdict DROPPED');
    expect(tokens.map((t) => t.text)).toEqual(['--namespace', 'pets', '--verdict', 'DROPPED']);
    expect(tokens.map((t) => t.start)).toEqual([2, 16, 21, 31]);
  });

  it('keeps single-quoted text literal, backslashes included', () => {
    expect(splitArguments("--http-path '^/api/v1\\.0 x'").map((t) => t.text)).toEqual([
      '--http-path',
      '^/api/v1\\.0 x',
    ]);
  });

  it('unescapes quotes and backslashes inside double quotes, as a shell does', () => {
    expect(splitArguments('--label "app=\\"a b\\"" "c\\d"').map((t) => t.text)).toEqual([
      '--label',
      'app="a b"',
      'c\\d',
    ]);
  });

  it('joins adjacent quoted parts into one argument', () => {
    expect(splitArguments(`--label 'it'"'"'s'`).map((t) => t.text)).toEqual(['--label', "it's"]);
  });

  it('reports an unterminated quote with its position', () => {
    expect(() => splitArguments("--pod 'default/fr")).toThrow(ArgumentSyntaxError);
    try {
      splitArguments('--pod "default/fr');
    } catch (e) {
      expect((e as ArgumentSyntaxError).position).toBe(6);
    }
  });
});

describe('quoteArgument', () => {
  it.each(['pets', 'default/frontend', 'k8s:app=foo', '10.0.0.0/8', '5+'])('leaves %s bare', (value) => {
    expect(quoteArgument(value)).toBe(value);
  });

  it.each(['a b', "it's", 'say "hi"', '^/api/v[0-9]+$', '$HOME', 'x`y`', '', 'mixed \'single\' and "double"'])(
    'quotes %p so that splitting reads it back unchanged',
    (value) => {
      const quoted = quoteArgument(value);
      expect(quoted).not.toBe(value === '' ? 'x' : value);
      expect(splitArguments(`--flag ${quoted}`).map((t) => t.text)).toEqual(['--flag', value]);
    }
  );
});

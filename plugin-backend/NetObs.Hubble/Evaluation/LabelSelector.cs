using System.Globalization;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// A Kubernetes label selector over Cilium labels (<c>source:key=value</c>). Requirements are
/// comma-separated: <c>key</c>, <c>!key</c>, <c>key=v</c>, <c>key==v</c>, <c>key!=v</c>,
/// <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key&gt;n</c>, <c>key&lt;n</c>. A key may carry a
/// Cilium source prefix (<c>k8s:app</c>, <c>reserved:world</c>); without one, or with <c>any:</c>,
/// labels from every source are considered.
/// </summary>
public sealed class LabelSelector
{
    private readonly Requirement[] _requirements;

    private LabelSelector(Requirement[] requirements) => _requirements = requirements;

    /// <summary>Parses a selector as Hubble's label filters take it.</summary>
    /// <exception cref="FormatException">The selector is not valid; the message says which part.</exception>
    public static LabelSelector Parse(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(selector))
        {
            var text = part.Trim();
            if (text.Length == 0)
            {
                if (selector.Trim().Length == 0)
                {
                    continue;
                }

                throw new FormatException($"empty requirement in label selector \"{selector}\"");
            }

            requirements.Add(ParseRequirement(text, selector));
        }

        return new LabelSelector([.. requirements]);
    }

    /// <summary>Whether an endpoint with these labels (none when null) meets every requirement.</summary>
    public bool Matches(RepeatedField<string>? labels)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> SplitTopLevel(string selector)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(selector[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(selector[start..]);
        return parts;
    }

    private static Requirement ParseRequirement(string text, string selector)
    {
        if (text[0] == '!')
        {
            var key = ParseKey(text[1..].Trim(), selector);
            return new Requirement(key.Source, key.Name, Operator.DoesNotExist, []);
        }

        var keyEnd = 0;
        while (keyEnd < text.Length && IsKeyChar(text[keyEnd]))
        {
            keyEnd++;
        }

        var parsedKey = ParseKey(text[..keyEnd], selector);
        var rest = text[keyEnd..].TrimStart();
        if (rest.Length == 0)
        {
            return new Requirement(parsedKey.Source, parsedKey.Name, Operator.Exists, []);
        }

        if (rest.StartsWith("!=", StringComparison.Ordinal))
        {
            return new Requirement(parsedKey.Source, parsedKey.Name, Operator.NotEquals, [ParseValue(rest[2..].Trim(), selector)]);
        }

        if (rest.StartsWith("==", StringComparison.Ordinal))
        {
            return new Requirement(parsedKey.Source, parsedKey.Name, Operator.Equals, [ParseValue(rest[2..].Trim(), selector)]);
        }

        if (rest[0] == '=')
        {
            return new Requirement(parsedKey.Source, parsedKey.Name, Operator.Equals, [ParseValue(rest[1..].Trim(), selector)]);
        }

        if (rest[0] is '>' or '<')
        {
            var number = rest[1..].Trim();
            if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"'{rest[0]}' needs an integer in label selector \"{selector}\", got \"{number}\"");
            }

            return new Requirement(parsedKey.Source, parsedKey.Name, rest[0] == '>' ? Operator.GreaterThan : Operator.LessThan, [number]);
        }

        var isNotIn = rest.StartsWith("notin", StringComparison.Ordinal);
        var isIn = !isNotIn && rest.StartsWith("in", StringComparison.Ordinal);
        if (isIn || isNotIn)
        {
            var set = rest[(isNotIn ? 5 : 2)..].Trim();
            if (set.Length < 2 || set[0] != '(' || set[^1] != ')')
            {
                throw new FormatException($"expected a parenthesised value list after '{(isNotIn ? "notin" : "in")}' in label selector \"{selector}\"");
            }

            var values = set[1..^1].Split(',').Select(v => ParseValue(v.Trim(), selector)).ToArray();
            return new Requirement(parsedKey.Source, parsedKey.Name, isNotIn ? Operator.NotIn : Operator.In, values);
        }

        throw new FormatException($"unexpected \"{rest}\" after key \"{text[..keyEnd]}\" in label selector \"{selector}\"; expected =, ==, !=, in, notin, > or <");
    }

    private static (string? Source, string Name) ParseKey(string key, string selector)
    {
        if (key.Length == 0 || !key.All(IsKeyChar))
        {
            throw new FormatException($"invalid label key \"{key}\" in label selector \"{selector}\"");
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, key);
        }

        var source = key[..colon];
        var name = key[(colon + 1)..];
        if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"invalid label key \"{key}\" in label selector \"{selector}\"; use source:key such as k8s:app");
        }

        return (source == "any" ? null : source, name);
    }

    private static string ParseValue(string value, string selector)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new FormatException($"invalid label value \"{value}\" in label selector \"{selector}\"");
            }
        }

        return value;
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':';

    private enum Operator
    {
        Exists,
        DoesNotExist,
        Equals,
        NotEquals,
        In,
        NotIn,
        GreaterThan,
        LessThan,
    }

    private sealed class Requirement(string? source, string key, Operator op, string[] values)
    {
        private readonly bool _negate = op is Operator.DoesNotExist or Operator.NotEquals or Operator.NotIn;

        public bool Matches(RepeatedField<string>? labels)
        {
            var found = false;
            if (labels is not null)
            {
                // Index loop: RepeatedField's enumerator is a class and would allocate per flow.
                for (var i = 0; i < labels.Count && !found; i++)
                {
                    var label = labels[i].AsSpan();
                    var equals = label.IndexOf('=');
                    var keyPart = equals < 0 ? label : label[..equals];
                    if (!keyPart.EndsWith(key))
                    {
                        continue;
                    }

                    var prefixLength = keyPart.Length - key.Length;
                    if (prefixLength > 0)
                    {
                        // "source:key": the character before the key must be the source separator.
                        if (keyPart[prefixLength - 1] != ':' || (source is not null && !keyPart[..(prefixLength - 1)].SequenceEqual(source)))
                        {
                            continue;
                        }
                    }
                    else if (source is not null)
                    {
                        continue;
                    }

                    found = Test(equals < 0 ? [] : label[(equals + 1)..]);
                }
            }

            return found != _negate;
        }

        private bool Test(ReadOnlySpan<char> value)
        {
            switch (op)
            {
                case Operator.Exists or Operator.DoesNotExist:
                    return true;
                case Operator.GreaterThan:
                    return CompareNumber(value) > 0;
                case Operator.LessThan:
                    return CompareNumber(value) < 0;
                default:
                    foreach (var candidate in values)
                    {
                        if (value.SequenceEqual(candidate))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        private int CompareNumber(ReadOnlySpan<char> value)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual))
            {
                return 0;
            }

            return actual.CompareTo(long.Parse(values[0], CultureInfo.InvariantCulture));
        }
    }
}

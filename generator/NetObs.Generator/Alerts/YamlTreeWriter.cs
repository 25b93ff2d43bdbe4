using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetObs.Generator.Alerts;

/// <summary>
/// Writes a <see cref="TreeMap"/> document as block-style YAML: two-space indent, plain scalars where YAML reads them
/// back as the same string, JSON-style double quotes otherwise, and literal blocks for multi-line PromQL.
/// </summary>
public static partial class YamlTreeWriter
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(TreeMap document, string? headerComment = null)
    {
        var text = new StringBuilder();
        if (headerComment is not null)
        {
            foreach (var line in headerComment.Split('\n'))
            {
                text.Append("# ").Append(line).Append('\n');
            }
        }

        WriteMap(text, document, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, TreeMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    /// <summary>Writes what follows "key:" or "- ": an inline scalar, or a nested block on the next lines.</summary>
    private static void WriteValue(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case TreeMap { Count: 0 }:
                text.Append(" {}\n");
                break;
            case TreeMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case IReadOnlyList<object?> { Count: 0 }:
                text.Append(" []\n");
                break;
            case IReadOnlyList<object?> list:
                text.Append('\n');
                foreach (var item in list)
                {
                    WriteListItem(text, item, indent + 2);
                }

                break;
            case string s when s.Contains('\n') && LiteralSafe(s):
                text.Append(" |-\n");
                foreach (var line in s.Split('\n'))
                {
                    if (line.Length > 0)
                    {
                        text.Append(' ', indent + 2).Append(line);
                    }

                    text.Append('\n');
                }

                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteListItem(StringBuilder text, object? item, int indent)
    {
        if (item is TreeMap { Count: > 0 } map)
        {
            // The first key shares the "- " line; the rest align under it.
            var first = true;
            foreach (var (key, value) in map)
            {
                text.Append(' ', first ? indent : indent + 2);
                if (first)
                {
                    text.Append("- ");
                }

                text.Append(Scalar(key)).Append(':');
                WriteValue(text, value, indent + 2);
                first = false;
            }

            return;
        }

        text.Append(' ', indent).Append('-');
        WriteValue(text, item, indent);
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatNumber(d),
        string s when PlainSafe(s) => s,
        // Single quotes need no escapes, so PromQL and templates with '"' stay readable.
        string s when !s.Contains('\'') && !s.Any(char.IsControl) => $"'{s}'",
        string s => JsonSerializer.Serialize(s, QuoteOptions),
        _ => throw new InvalidOperationException($"YAML has no form for a {value.GetType().Name}."),
    };

    /// <summary>Shortest round-trip form, always with a decimal point or exponent so YAML reads a float.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Plain scalars that YAML 1.1 and 1.2 both read back as this exact string.</summary>
    private static bool PlainSafe(string s) =>
        (PlainPattern().IsMatch(s) || DurationPattern().IsMatch(s)) && !ReservedPattern().IsMatch(s) && !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal) && !s.EndsWith(':') && !s.EndsWith(' ');

    /// <summary>A literal block keeps text byte-exact unless a line ends in whitespace or starts the block indented.</summary>
    private static bool LiteralSafe(string s) =>
        !s.Contains('\t') && !s.Contains('\r') && !s.Split('\n').Any(l => l.EndsWith(' ')) && !s.StartsWith(' ') && !s.EndsWith('\n');

    [GeneratedRegex(@"^[A-Za-z_/.][A-Za-z0-9_ ./:()=,+-]*$")]
    private static partial Regex PlainPattern();

    /// <summary>Durations such as 10m read back as strings in every YAML version.</summary>
    [GeneratedRegex(@"^[0-9]+(ms|[smhdwy])$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?i:y|n|yes|no|true|false|on|off|null|~|[-+]?\.inf|\.nan)$")]
    private static partial Regex ReservedPattern();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NetObs.Generator.Alerts;

/// <summary>Writes an <see cref="AzureTemplate"/> as a Bicep file with the same parameters and resources as the ARM form.</summary>
public static partial class BicepTemplateWriter
{
    public static string Write(AzureTemplate template, string headerComment)
    {
        var text = new StringBuilder();
        foreach (var line in headerComment.Split('\n'))
        {
            text.Append("// ").Append(line).Append('\n');
        }

        foreach (var parameter in template.Parameters)
        {
            text.Append('\n').Append("@description(").Append(Quote(parameter.Description)).Append(")\n");
            text.Append("param ").Append(parameter.Name).Append(' ').Append(parameter.Type);
            if (parameter.Default is not null)
            {
                text.Append(" = ").Append(Value(parameter.Default, 0));
            }

            text.Append('\n');
        }

        foreach (var resource in template.Resources)
        {
            text.Append('\n').Append("resource ").Append(resource.SymbolicName).Append(' ')
                .Append(Quote($"{resource.Type}@{resource.ApiVersion}")).Append(" = ").Append(Value(resource.Body, 0)).Append('\n');
        }

        return text.ToString();
    }

    private static string Value(object? value, int indent) => value switch
    {
        AzureExpression e => e.Bicep,
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => throw new InvalidOperationException($"Bicep has no literal for the fractional number {d}; pass it as a string or json('...')."),
        TreeMap map => Block('{', '}', map.Select(e => $"{Key(e.Key)}: {Value(e.Value, indent + 2)}"), indent),
        IReadOnlyList<object?> list => Block('[', ']', list.Select(item => Value(item, indent + 2)), indent),
        _ => throw new InvalidOperationException($"Bicep has no form for a {value?.GetType().Name ?? "null"}."),
    };

    private static string Block(char open, char close, IEnumerable<string> items, int indent)
    {
        var lines = items.ToList();
        if (lines.Count == 0)
        {
            return $"{open}{close}";
        }

        var text = new StringBuilder().Append(open).Append('\n');
        foreach (var line in lines)
        {
            text.Append(' ', indent + 2).Append(line).Append('\n');
        }

        return text.Append(' ', indent).Append(close).ToString();
    }

    private static string Key(string key) => Identifier().IsMatch(key) ? key : Quote(key);

    /// <summary>A Bicep single-quoted string: backslash, quote, newline and '${' (interpolation) escaped.</summary>
    public static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("${", "\\${", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}

using System.Text.RegularExpressions;

namespace NetObs.Testing.Dashboards;

/// <summary>Fills in a dashboard's template variables as Grafana's template service does before a query leaves the browser.</summary>
public static partial class TemplateVariables
{
    /// <summary><paramref name="text"/> with every variable named in <paramref name="values"/> replaced; unknown ones are left as written, as Grafana leaves them.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        return VariableReference().Replace(text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bracket"].Success ? m.Groups["bracket"].Value : m.Groups["plain"].Value;
            return values.TryGetValue(name, out var value) ? value : m.Value;
        });
    }

    // $name, ${name}, ${name:format} and [[name]], as Grafana's template service recognises them.
    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\[\[(?<bracket>\w+)\]\]|\$(?<plain>\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex VariableReference();
}

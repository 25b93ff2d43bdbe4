using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NetObs.Demo.Prometheus;

/// <summary>Rewrites generated Prometheus rule files for a short run: `for` durations and range windows capped, so alerts fire in minutes, not hours.</summary>
internal static partial class RuleWindows
{
    public static string Shorten(string rulesYaml, TimeSpan maxFor, TimeSpan maxRange, TimeSpan maxInterval)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(rulesYaml));
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || !root.Children.TryGetValue("groups", out var groups) || groups is not YamlSequenceNode groupList)
            {
                continue;
            }

            foreach (var group in groupList.OfType<YamlMappingNode>())
            {
                if (group.Children.TryGetValue("interval", out var interval) && interval is YamlScalarNode intervalScalar)
                {
                    intervalScalar.Value = Cap(intervalScalar.Value ?? "", maxInterval);
                }

                if (!group.Children.TryGetValue("rules", out var rules) || rules is not YamlSequenceNode ruleList)
                {
                    continue;
                }

                foreach (var rule in ruleList.OfType<YamlMappingNode>())
                {
                    if (rule.Children.TryGetValue("for", out var forNode) && forNode is YamlScalarNode forScalar)
                    {
                        forScalar.Value = Cap(forScalar.Value ?? "", maxFor);
                    }

                    if (rule.Children.TryGetValue("expr", out var expr) && expr is YamlScalarNode exprScalar)
                    {
                        exprScalar.Value = RangeSelector().Replace(exprScalar.Value ?? "", m => "[" + Cap(m.Groups["range"].Value, maxRange) + m.Groups["rest"].Value + "]");
                    }
                }
            }
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>The smaller of a Prometheus duration and <paramref name="max"/>, as a Prometheus duration.</summary>
    public static string Cap(string duration, TimeSpan max)
    {
        if (!TryParse(duration, out var value) || value <= max)
        {
            return duration;
        }

        return ((int)max.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            return false;
        }

        foreach (Match part in matches)
        {
            var number = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                "w" => TimeSpan.FromDays(7 * number),
                _ => TimeSpan.FromDays(365 * number),
            };
        }

        return true;
    }

    [GeneratedRegex(@"\[(?<range>[0-9]+(?:ms|s|m|h|d|w|y)(?:[0-9]+(?:ms|s|m|h|d|w|y))*)(?<rest>:[^\]]*)?\]", RegexOptions.CultureInvariant)]
    private static partial Regex RangeSelector();

    [GeneratedRegex(@"(?<n>[0-9]+)(?<unit>ms|s|m|h|d|w|y)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetObs.Generator.Configuration;

namespace NetObs.Generator.Templates;

/// <summary>
/// Builds the data-link URL that opens Explore on our data source with the flows behind a clicked series:
/// the panel's base filter plus one `hubble observe` flag per group-by label of the series.
/// </summary>
public sealed partial class ExploreLinkBuilder(GeneratorConfig config)
{
    /// <summary>Which `hubble observe` flag selects the flows of a Hubble metric label (hubble-api.md §3, §4.2, §6.1).</summary>
    private static readonly IReadOnlyDictionary<string, string> FlagOfLabel = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["source"] = "--from-pod",
        ["destination"] = "--to-pod",
        ["verdict"] = "--verdict",
        ["reason"] = "--drop-reason-desc",
        ["flag"] = "--tcp-flags",
        ["status"] = "--http-status",
        ["method"] = "--http-method",
    };

    public string Url(string baseFilter, IReadOnlyList<string> labels)
    {
        var flags = new List<string>();
        var selectsPod = labels.Any(l => l is "source" or "destination");
        if (!string.IsNullOrWhiteSpace(baseFilter))
        {
            flags.Add(selectsPod ? WithoutFlags(baseFilter, PodScopeFlags) : baseFilter.Trim());
        }

        foreach (var label in labels)
        {
            if (label == config.Selectors.NodeLabel)
            {
                flags.Add("--node-name ${__field.labels." + label + "}");
            }
            else if (FlagOfLabel.TryGetValue(label, out var flag))
            {
                flags.Add(flag + " ${__field.labels." + label + "}");
            }
            else
            {
                throw new ArgumentException($"explore_url: the label '{label}' has no `hubble observe` flag; use one of {string.Join(", ", FlagOfLabel.Keys.Append(config.Selectors.NodeLabel))}.", nameof(labels));
            }
        }

        var netobs = config.Datasources.Netobs;
        var datasource = new { type = TemplateModelBuilder.NetObsPluginId, uid = netobs.AsVariable ? "${netobs}" : netobs.Uid };
        var pane = new Dictionary<string, object>
        {
            ["datasource"] = datasource.uid,
            ["queries"] = new object[]
            {
                new { refId = "A", datasource, queryType = "flows", filter = string.Join(' ', flags) },
            },
            // Explore opens on the flows up to the clicked point, newest first.
            ["range"] = new { from = "${__from}", to = "${__value.time}" },
        };
        var panes = JsonSerializer.Serialize(new Dictionary<string, object> { ["flows"] = pane });
        // Relative, so Grafana keeps its own host and sub-path; linksBaseUrl is for links from outside Grafana.
        return "/explore?schemaVersion=1&panes=" + EncodeKeepingVariables(panes);
    }

    /// <summary>
    /// `hubble observe` refuses --pod or --namespace next to --from-pod/--to-pod; the clicked pod already lies inside
    /// the dashboard's namespace or workload, so those flags are dropped from the base filter.
    /// </summary>
    private static readonly string[] PodScopeFlags = ["--pod", "--namespace"];

    private static string WithoutFlags(string filter, IReadOnlyCollection<string> flags)
    {
        var tokens = filter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (flags.Contains(tokens[i]))
            {
                i++;
                continue;
            }

            kept.Add(tokens[i]);
        }

        return string.Join(' ', kept);
    }

    /// <summary>Percent-encodes the JSON but leaves Grafana variables for Grafana to fill in (each one percent-encoded on substitution).</summary>
    private static string EncodeKeepingVariables(string text)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in VariablePattern().Matches(text))
        {
            result.Append(Uri.EscapeDataString(text[last..match.Index]));
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            result.Append("${").Append(name).Append(":percentencode}");
            last = match.Index + match.Length;
        }

        result.Append(Uri.EscapeDataString(text[last..]));
        return result.ToString();
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z0-9_.]+)\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}

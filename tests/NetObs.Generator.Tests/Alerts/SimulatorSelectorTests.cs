using System.Net;
using System.Text.RegularExpressions;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>
/// The alert selectors against what the simulator exports (the hubble_* and networkobservability_* families of a
/// cluster with ACNS): every raw family the rules read exists, and every label matcher of a rule selects at least one
/// simulated series, so a misspelt label name or value ("NXDOMAIN" for "Non-Existent Domain") fails here.
/// </summary>
public sealed partial class SimulatorSelectorTests
{
    /// <summary>Recorded series → the raw family they are computed from (the recording rules' inputs).</summary>
    private static readonly IReadOnlyDictionary<string, string> RecordedFrom = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["namespace:hubble_dns_responses:rate5m"] = "hubble_dns_responses_total",
        ["namespace:hubble_dns_queries:rate5m"] = "hubble_dns_queries_total",
        ["namespace:hubble_drop:rate5m"] = "hubble_drop_total",
        ["namespace:hubble_tcp_flags:rate5m"] = "hubble_tcp_flags_total",
        ["namespace:hubble_http_requests:rate5m"] = "hubble_http_requests_total",
        ["namespace:hubble_kafka_requests:rate5m"] = "hubble_kafka_requests_total",
        ["namespace:hubble_flows_processed:rate5m"] = "hubble_flows_processed_total",
        ["node:network_drops:rate5m"] = "networkobservability_drop_count",
    };

    /// <summary>
    /// Matchers on values the simulator's scenarios do not produce (states a healthy demo cluster never reaches);
    /// their spelling comes from hubble-api.md §6 and the drop reason table instead.
    /// </summary>
    private static readonly HashSet<string> NotSimulated =
    [
        "reason=~\"CT: Map insertion failed|No mapping for NAT masquerade|CONNTRACK_ADD_DROP\"",
        "statistic_name=~\"rx_dropped|tx_dropped\"",
    ];

    [Fact]
    public async Task Every_rule_selector_matches_series_the_simulator_exports()
    {
        await using var host = await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                MetricsListen = new IPEndPoint(IPAddress.Loopback, 0),
                Backfill = TimeSpan.FromMinutes(10),
                ClusterName = "aks-sim",
            },
            TimeProvider.System);
        var series = Exposition().Matches(host.Metrics.Render())
            .Select(m => (Name: m.Groups["name"].Value, Labels: LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => Regex.Unescape(l.Groups[2].Value))))
            .ToList();
        var expressions = AlertGeneration.Defaults.Rules().Select(r => AlertGeneration.Scalar(r.Rule, "expr")).ToList();

        var problems = new List<string>();
        foreach (var selector in expressions.SelectMany(e => Selector().Matches(e)).Select(m => (Metric: m.Groups["name"].Value, Matchers: m.Groups["matchers"].Value)).Distinct())
        {
            var family = RecordedFrom.TryGetValue(selector.Metric, out var raw) ? raw : selector.Metric;
            if (!family.StartsWith("hubble_", StringComparison.Ordinal) && !family.StartsWith("networkobservability_", StringComparison.Ordinal))
            {
                continue; // cilium_* node families are not simulated; __name__ selectors are checked through their members.
            }

            var candidates = series.Where(s => s.Name == family).ToList();
            if (candidates.Count == 0)
            {
                problems.Add($"{selector.Metric}: the simulator exports no {family}.");
                continue;
            }

            foreach (Match matcher in Matcher().Matches(selector.Matchers))
            {
                var (label, op, value) = (matcher.Groups["label"].Value, matcher.Groups["op"].Value, Regex.Unescape(matcher.Groups["value"].Value));
                if (label == "namespace" || NotSimulated.Contains(matcher.Value))
                {
                    continue; // namespace is derived by the recording rules, not exported.
                }

                if (!candidates.Any(s => Matches(s.Labels.GetValueOrDefault(label, ""), op, value)))
                {
                    problems.Add($"{selector.Metric}{{{matcher.Value}}}: no simulated {family} series matches (label '{label}' values: {string.Join(", ", candidates.Select(c => c.Labels.GetValueOrDefault(label, "<none>")).Distinct().Take(12))}).");
                }
            }
        }

        foreach (var family in RecordedFrom.Values.Where(f => !series.Any(s => s.Name == f)))
        {
            problems.Add($"the simulator exports no {family}, which a recording rule reads.");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static bool Matches(string actual, string op, string value) => op switch
    {
        "=" => actual == value,
        "!=" => actual != value,
        "=~" => Regex.IsMatch(actual, $"^(?:{value})$"),
        _ => !Regex.IsMatch(actual, $"^(?:{value})$"),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})? \S+$", RegexOptions.Multiline)]
    private static partial Regex Exposition();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<matchers>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();
}

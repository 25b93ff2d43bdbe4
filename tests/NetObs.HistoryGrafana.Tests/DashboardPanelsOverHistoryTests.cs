using System.Globalization;
using System.Text.Json.Nodes;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;
using NetObs.Plugin.Settings;
using NetObs.Testing.Dashboards;
using Xunit.Abstractions;
using static NetObs.HistoryGrafana.Tests.PluginQueries;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// Every NetObs panel of the generated dashboards (the generator's golden output: the eight metric dashboards and Flow
/// Logs), with its variables filled in as a user would pick them, run through the plugin launched as Grafana launches it
/// against the history server over the whole three hours it stores. Each panel answers from the store, for the whole
/// range, with what a scan of the stored flows expects; the generator's tests only check that the panels' JSON allows it.
/// </summary>
[Collection(DuckDbHistoryCollection.Name)]
public sealed class DashboardPanelsOverHistoryTests(DuckDbHistory history, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string GoldenDashboards = Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Generator.Tests", "Golden", "dashboards");

    // The dashboards open on 30 minutes; a user widens that to hours once the data source is a history server. Running
    // the same scenarios live, the simulator's relay buffer holds about two minutes (PluginOverRelayTests); the stored
    // history is sparser, so each panel is held to what only the whole range gives: the totals of all three hours (as a
    // scan of the stored flows counts them) and data from their first hour.
    private static readonly DateTimeOffset FirstHourEnd = StoredScenario.Start.AddHours(1);

    // Flow Logs' $cluster; the other dashboards' panels span both clusters.
    private const string Cluster = "east";

    /// <summary>
    /// The namespace/workload a user picks on each dashboard: the one the dashboard is about in the scenarios (DNS
    /// clients, the drops scenario's denied service, the L7 scenario's shop).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (string Namespace, string Workload)> Picks = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Kubernetes / Networking / DNS (Workload)"] = ("banking", "web-frontend"),
        ["Kubernetes / Networking / Drops (Workload)"] = ("banking", "accounts-api"),
        ["Kubernetes / Networking / Flow Logs"] = ("shop", "frontend"),
        ["Kubernetes / Networking / L7 Flows (Namespace)"] = ("shop", "frontend"),
        ["Kubernetes / Networking / L7 Flows (Workload)"] = ("shop", "frontend"),
        ["Kubernetes / Networking / Pod Flows (Namespace)"] = ("pets", "store-front"),
        ["Kubernetes / Networking / Pod Flows (Workload)"] = ("pets", "store-front"),
    };

    /// <summary>Panels a user looks at with another workload: shop/frontend sends nothing outside the cluster, shop/payment-gateway calls its payment provider.</summary>
    private static readonly IReadOnlyDictionary<string, (string Namespace, string Workload)> PanelPicks = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Kubernetes / Networking / Flow Logs / Traffic Leaving the Cluster by Destination Name"] = ("shop", "payment-gateway"),
        ["Kubernetes / Networking / Flow Logs / Top Destinations Outside the Cluster"] = ("shop", "payment-gateway"),
    };

    /// <summary>Panels ("dashboard / panel") whose query returns nothing over the scenarios' history, and why. Must be exact.</summary>
    private static readonly IReadOnlyDictionary<string, string> PanelsWithoutScenario = new Dictionary<string, string>(StringComparer.Ordinal);

    private PluginProcess _plugin = null!;

    public async Task InitializeAsync() => _plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));

    public async Task DisposeAsync() => await _plugin.DisposeAsync();

    [Fact]
    public async Task Every_netobs_panel_of_the_generated_dashboards_answers_for_three_hours_from_the_history_server()
    {
        var address = history.Server.Address;
        var targets = DashboardTarget.Load(GoldenDashboards).Where(t => t.IsNetObs).ToList();
        var queries = targets.Select(Fill).ToList();

        // Grafana asks for a dashboard's panels at once, and so does the test.
        var answers = await Task.WhenAll(queries.Select(q => _plugin.QueryAsync(address, "dashboards", PanelQuery("A", q.ToJsonString()))));
        var problems = new List<string>();
        var empty = new List<string>();
        for (var i = 0; i < targets.Count; i++)
        {
            var (target, query, answer) = (targets[i], queries[i], answers[i].Responses["A"]);
            var filter = query["filter"]?.GetValue<string>() ?? "";
            var matched = MatchedNewestFirst(filter);
            if (answer.Error.Length > 0)
            {
                problems.Add($"{target} ('{filter}'):\n    {answer.Error}");
                continue;
            }

            if (matched.Length == 0)
            {
                empty.Add(target.ToString());
                continue;
            }

            var queryType = query["queryType"]!.GetValue<string>();
            var frames = answer.Frames.Select(ArrowFrameDecoder.Decode).ToList();
            var found = Check(queryType, query["metric"]?.GetValue<string>(), frames, matched, address).ToList();
            output.WriteLine($"{target}: {queryType} '{filter}', {matched.Length} stored flows match{(found.Count == 0 ? "" : ": " + string.Join("; ", found))}");
            if (found.Count > 0)
            {
                problems.Add($"{target} ('{filter}'):\n    " + string.Join("\n    ", found));
            }
        }

        Assert.True(targets.Select(t => t.Dashboard).Distinct().Count() == 9, $"expected the eight generated dashboards and Flow Logs in {GoldenDashboards}, found {string.Join(", ", targets.Select(t => t.Dashboard).Distinct())}");
        Assert.True(problems.Count == 0, $"{problems.Count} of {targets.Count} NetObs panels do not answer for the whole range from the history server:\n" + string.Join("\n", problems));
        var unexpected = empty.Except(PanelsWithoutScenario.Keys, StringComparer.Ordinal).ToList();
        var stale = PanelsWithoutScenario.Keys.Except(empty, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, "Panels whose query matches no stored flow; pick another workload or list them with the reason:\n" + string.Join("\n", unexpected));
        Assert.True(stale.Count == 0, "Panels listed as matching nothing now match stored flows; remove them from the list:\n" + string.Join("\n", stale));
    }

    /// <summary>The panel's query as Grafana sends it once the user has picked the dashboard's cluster, namespace and workload.</summary>
    private static JsonObject Fill(DashboardTarget target)
    {
        (string Namespace, string Workload) pick = PanelPicks.GetValueOrDefault(target.ToString(), Picks.GetValueOrDefault(target.Dashboard, ("", "")));
        return target.NetObsQuery(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cluster"] = Cluster,
            ["namespace"] = pick.Namespace,
            ["workload"] = pick.Workload,
        });
    }

    /// <summary>The times (ns) of the stored flows the panel's filter selects in the queried range, newest first, as a scan with the data source's evaluator finds them.</summary>
    private static long[] MatchedNewestFirst(string filter)
    {
        var parsed = ObserveFilterParser.Parse(filter);
        var evaluator = FlowFilterEvaluator.Compile(parsed.Allowlist, parsed.Denylist);
        var (from, to) = (Ns(StoredScenario.Start), Ns(StoredScenario.End));
        return [.. StoredScenario.Flows.Where(f => f.TimeNs >= from && f.TimeNs <= to && evaluator.Matches(f.Flow)).Select(f => f.TimeNs).OrderDescending()];
    }

    /// <summary>What is wrong with one panel's frames, given the stored flows its filter matches; nothing when it answers for the whole range from the store.</summary>
    private static IEnumerable<string> Check(string queryType, string? metric, IReadOnlyList<DecodedFrame> frames, long[] matched, string address)
    {
        if (frames.Count == 0)
        {
            yield return "no frames";
            yield break;
        }

        var executed = frames.Select(f => f.ExecutedQueryString).OfType<string>().FirstOrDefault() ?? "(none)";
        if (!executed.Contains($"history server {address}", StringComparison.Ordinal))
        {
            yield return $"executedQueryString does not name the history server: {executed}";
        }

        var problems = queryType switch
        {
            "flows" => CheckFlows(frames[0], matched),
            "timeseries" => CheckTimeSeries(frames, metric, matched),
            "topk" => CheckTopK(frames[0], matched),
            "servicemap" => CheckServiceMap(frames, matched),
            "coverage" => CheckCoverage(frames[0], matched),
            _ => [$"no check for query type '{queryType}'"],
        };
        foreach (var problem in problems)
        {
            yield return problem;
        }
    }

    /// <summary>
    /// The newest flows of the whole range up to the data source's defaultLimit, as a scan of the store finds them. A
    /// table the limit cuts shows the newest flows, as on a relay; one it does not cut reaches back to the first hour.
    /// </summary>
    private static IEnumerable<string> CheckFlows(DecodedFrame table, long[] matched)
    {
        var expected = Math.Min(matched.Length, DataSourceSettings.DefaultDefaultLimit);
        if (table.RowCount != expected)
        {
            yield return $"{table.RowCount} rows; {matched.Length} stored flows match, so {expected} expected";
            yield break;
        }

        // The user is told to zoom in exactly when the range holds more flows than the table shows.
        var cut = table.Notices.Any(n => n.StartsWith("Showing the newest", StringComparison.Ordinal));
        if (cut != matched.Length > expected)
        {
            yield return cut ? "says it cut the table, which holds every matching flow" : $"does not say it shows only {expected} of the {matched.Length} matching flows";
        }

        var times = table.Field("timestamp").Values.Cast<DateTimeOffset>().ToList();
        if (expected > 0 && times.Min() != Time(matched[expected - 1]))
        {
            yield return $"the oldest row is from {times.Min():O}; the {expected}th newest matching stored flow is from {Time(matched[expected - 1]):O}";
        }

        if (expected > 0 && expected < DataSourceSettings.DefaultDefaultLimit && times.Min() >= FirstHourEnd)
        {
            yield return $"no row from the range's first hour (before {FirstHourEnd:O}) although the table holds every matching flow";
        }
    }

    /// <summary>Every matching flow of the range counted in some bucket (rates times the bucket width), the first hour included.</summary>
    private static IEnumerable<string> CheckTimeSeries(IReadOnlyList<DecodedFrame> frames, string? metric, long[] matched)
    {
        double counted = 0;
        var inFirstHour = false;
        foreach (var frame in frames.Where(f => f.RowCount > 0))
        {
            var time = frame.Field("time").Values.Cast<DateTimeOffset>().ToList();
            var bucketSeconds = time.Count > 1 ? (time[1] - time[0]).TotalSeconds : 1;
            foreach (var field in frame.Fields.Where(f => f.Name != "time"))
            {
                for (var i = 0; i < field.Values.Count; i++)
                {
                    var value = field.Values[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0;
                    counted += metric == "rate" ? value * bucketSeconds : value;
                    inFirstHour |= value > 0 && time[i] < FirstHourEnd;
                }
            }
        }

        var cutSeries = frames.SelectMany(f => f.Notices).Any(n => n.StartsWith("Showing the", StringComparison.Ordinal));
        if (cutSeries ? counted <= 0 || counted > matched.Length + 0.5 : Math.Abs(counted - matched.Length) > 0.5)
        {
            yield return $"the series count {counted:0.##} flows; {matched.Length} stored flows match{(cutSeries ? " (series cut to k)" : "")}";
        }

        if (!inFirstHour)
        {
            yield return $"no flows in a bucket of the range's first hour (before {FirstHourEnd:O})";
        }
    }

    /// <summary>The ranking's total (a row's count over its share) is every matching flow of the range, and its groups were seen in the first hour.</summary>
    private static IEnumerable<string> CheckTopK(DecodedFrame table, long[] matched)
    {
        if (table.RowCount == 0)
        {
            yield return $"no rows; {matched.Length} stored flows match";
            yield break;
        }

        var total = Math.Round((long)table.Field("count").Values[0]! / (double)table.Field("share").Values[0]!);
        if (total != matched.Length)
        {
            yield return $"the ranking's total is {total} flows; {matched.Length} stored flows match";
        }

        var firstSeen = table.Field("first_seen").Values.Cast<DateTimeOffset>().Min();
        if (firstSeen >= FirstHourEnd)
        {
            yield return $"no group first seen in the range's first hour (before {FirstHourEnd:O}); the earliest is {firstSeen:O}";
        }
    }

    /// <summary>The map's edges carry every matching flow of the range.</summary>
    private static IEnumerable<string> CheckServiceMap(IReadOnlyList<DecodedFrame> frames, long[] matched)
    {
        var edges = frames.SingleOrDefault(f => f.Name == "edges");
        var flows = edges?.Field("detail__flows").Values.Sum(v => (long)v!) ?? 0;
        if (flows != matched.Length)
        {
            yield return $"the edges carry {flows} flows; {matched.Length} stored flows match";
        }
    }

    /// <summary>The stored ranges start with the history and count every stored flow of the cluster.</summary>
    private static IEnumerable<string> CheckCoverage(DecodedFrame table, long[] matched)
    {
        var stored = Enumerable.Range(0, table.RowCount).Where(i => (string?)table.Field("kind").Values[i] == "stored").ToList();
        var flows = stored.Sum(i => (long)table.Field("flows").Values[i]!);
        if (flows != matched.Length)
        {
            yield return $"the stored ranges count {flows} flows; {matched.Length} flows of the cluster are stored";
        }

        var from = stored.Select(i => (DateTimeOffset)table.Field("from").Values[i]!).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        if (from > StoredScenario.Start.AddMinutes(1))
        {
            yield return $"the stored ranges start at {from:O}, not with the history at {StoredScenario.Start:O}";
        }
    }

    private static long Ns(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * 1_000_000L;

    private static DateTimeOffset Time(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using NetObs.Grafana.Protocol.V2;
using NetObs.Plugin.Settings;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Simulator.Options;
using Xunit.Abstractions;

namespace NetObs.Query.Tests.Fuzz;

/// <summary>
/// Issue 12's fuzz suite: hostile filters, query JSON, settings and DataQuery fields, in process and through the plugin
/// over gRPC. CI runs a few thousand inputs; <c>NETOBS_FUZZ_CASES=1000000 dotnet test tests/NetObs.Query.Tests --filter
/// FullyQualifiedName~Fuzz --logger "console;verbosity=detailed"</c> is the long run, whose summary names the crashes,
/// leaks, gRPC-level errors, the plugin's peak memory and the slowest input.
/// </summary>
public sealed class InputFuzzTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> NoSecrets = [];

    /// <summary>In-process inputs per run; the gRPC run sends one call (3 queries, often a resource and a health check) per 1,000 of them, at least 40.</summary>
    private static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("NETOBS_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var cases) && cases > 0 ? cases : 4000;

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("NETOBS_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : 12;

    [Fact]
    public void Parsers_never_throw_leak_internals_or_echo_huge_inputs()
    {
        var inputs = new FuzzInputs(Seed);
        var report = new FuzzReport();
        for (var i = 0; i < Cases; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var input = string.Empty;
            try
            {
                RunOne(inputs, i % 4, report, ref input);
            }
            catch (Exception e)
            {
                report.Crash(input, e);
            }

            // The first inputs of each kind pay for JIT compilation and static set-up, not for their content.
            report.Timed(input, i < 40 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started));
        }

        output.WriteLine(report.Summary("In-process fuzz"));
        Assert.True(report.Crashes.Count == 0, report.Summary("crashes"));
        Assert.True(report.Leaks.Count == 0, report.Summary("leaks"));
        Assert.True(report.Oversized.Count == 0, report.Summary("oversized"));
    }

    [Fact]
    public async Task Plugin_answers_every_fuzzed_call_without_grpc_errors_leaks_or_unbounded_memory()
    {
        await using var relay = await SimulatedRelay.StartAsync(ScenarioSet.All);
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));
        var inputs = new FuzzInputs(Seed + 1);
        var report = new FuzzReport();
        var calls = Math.Max(40, Cases / 1000);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var request = new QueryDataRequest { PluginContext = PluginContexts.DataSource(relay.Address, "{\"timeout\":30}") };
            for (var q = 0; q < 3; q++)
            {
                request.Queries.Add(FuzzedQuery(inputs, relay, $"Q{q}"));
            }

            var input = request.ToString();
            try
            {
                var response = await plugin.Data.QueryDataAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
                foreach (var answer in response.Responses.Values.Where(a => a.Error.Length > 0))
                {
                    report.Check(answer.Error, input);
                }

                if (i % 4 == 0)
                {
                    await CheckResourceAsync(plugin, relay, inputs, report);
                }

                if (i % 10 == 0)
                {
                    var context = PluginContexts.DataSource(inputs.Url(), inputs.SettingsJson(), uid: "fuzz-settings");
                    context.DataSourceInstanceSettings.LastUpdatedMS = i + 1;
                    var health = await plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context }, deadline: DateTime.UtcNow.AddSeconds(60));
                    report.Check(health.Message, context.ToString());
                }
            }
            catch (RpcException e)
            {
                report.RpcErrors.Add($"{e.StatusCode}: {e.Status.Detail} (input {NetObs.Hubble.Filtering.TextExcerpt.Of(input, 300)})");
            }

            report.Timed(input, Stopwatch.GetElapsedTime(started));
        }

        var memory = PeakMemory(plugin.ProcessId);
        output.WriteLine(report.Summary("gRPC fuzz", memory.Text));
        Assert.True(report.RpcErrors.Count == 0, report.Summary("gRPC errors"));
        Assert.True(report.Leaks.Count == 0, report.Summary("leaks"));
        Assert.True(report.Oversized.Count == 0, report.Summary("oversized"));
        Assert.True(memory.PeakBytes < 2L * 1024 * 1024 * 1024, memory.Text);
    }

    private static void RunOne(FuzzInputs inputs, int kind, FuzzReport report, ref string input)
    {
        switch (kind)
        {
            case 0:
                var filter = inputs.Filter();
                input = filter;
                var (_, problem) = FilterCompiler.Compile(filter);
                if (problem is not null)
                {
                    report.Check(FilterCompiler.Describe(filter, problem), filter);
                }

                return;
            case 1:
                var json = inputs.QueryJson();
                input = json;
                var parsed = QueryParser.Parse("A", Encoding.UTF8.GetBytes(json));
                if (parsed.Query is null)
                {
                    report.Check(parsed.ErrorMessage, json);
                }

                return;
            case 2:
                var url = inputs.Url();
                var settingsJson = inputs.SettingsJson();
                input = url + " " + settingsJson;
                var settings = SettingsParser.Parse(url, Encoding.UTF8.GetBytes(settingsJson), NoSecrets);
                if (settings.Settings is null)
                {
                    report.Check(settings.ErrorMessage, settingsJson);
                }

                return;
            default:
                var (from, to, interval, points) = inputs.Window();
                var text = $"from {from} to {to} interval {interval} maxDataPoints {points}";
                input = text;

                // What the Grafana layer lets through: epochs a DateTimeOffset holds and intervals a TimeSpan holds.
                if (from is < 0 or > 253_402_300_799_999 || to is < 0 or > 253_402_300_799_999 || interval is < 0 or > 3_153_600_000_000)
                {
                    return;
                }

                var window = new QueryWindow(DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to), TimeSpan.FromMilliseconds(interval), points);
                if (window.Problem() is { } windowProblem)
                {
                    report.Check(windowProblem, text);
                    return;
                }

                var buckets = new TimeBuckets(window.From, window.To, window.Interval, window.MaxDataPoints);
                if (buckets.Count is < 1 or > TimeBuckets.MaxBuckets + 1 || buckets.IntervalNs <= 0
                    || (long)TimeSeriesQuery.SeriesLimit(buckets.Count, latency: false) * buckets.Count > Math.Max(TimeSeriesQuery.MaxCells, buckets.Count))
                {
                    throw new InvalidOperationException($"buckets out of bounds: {buckets.Count} of {buckets.IntervalNs} ns");
                }

                return;
        }
    }

    private static DataQuery FuzzedQuery(FuzzInputs inputs, SimulatedRelay relay, string refId)
    {
        var (from, to, interval, points) = inputs.Window();
        var query = new DataQuery
        {
            RefId = inputs.Next(50) == 0 ? new string('r', 300) + refId : refId,
            Json = ByteString.CopyFromUtf8(inputs.QueryJson()),
            IntervalMS = interval,
            MaxDataPoints = points,
            TimeRange = new TimeRange { FromEpochMS = from, ToEpochMS = to },
        };

        // Most queries keep a real window, so that the fuzzed JSON reaches the relay and the aggregators.
        if (inputs.Next(3) != 0)
        {
            query.TimeRange = new TimeRange
            {
                FromEpochMS = relay.Start.AddSeconds(-150).ToUnixTimeMilliseconds(),
                ToEpochMS = relay.Start.AddSeconds(-30).ToUnixTimeMilliseconds(),
            };
        }

        return query;
    }

    private static async Task CheckResourceAsync(PluginProcess plugin, SimulatedRelay relay, FuzzInputs inputs, FuzzReport report)
    {
        var body = inputs.Next(3) == 0 ? inputs.QueryJson() : "{\"filter\":" + FuzzInputs.JsonString(inputs.Filter()) + "}";
        using var call = plugin.Resource.CallResource(new CallResourceRequest
        {
            PluginContext = PluginContexts.DataSource(relay.Address),
            Path = "validate",
            Method = "POST",
            Url = "validate",
            Body = ByteString.CopyFromUtf8(body),
        }, deadline: DateTime.UtcNow.AddSeconds(60));
        var bytes = new List<byte>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            bytes.AddRange(call.ResponseStream.Current.Body);
        }

        report.Check(Encoding.UTF8.GetString([.. bytes]), body);
    }

    private static (long PeakBytes, string Text) PeakMemory(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        long Kilobytes(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var peak = Kilobytes("VmHWM:") * 1024;
        var now = Kilobytes("VmRSS:") * 1024;
        return (peak, string.Create(CultureInfo.InvariantCulture, $"plugin peak RSS {peak / 1024 / 1024} MB, RSS at the end {now / 1024 / 1024} MB"));
    }
}

using NetObs.Demo.Prometheus;
using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>The generated alert rules, loaded into a real Prometheus with short windows, fire for the scenarios that should trigger them.</summary>
[Collection(AllScenariosCollection.Name)]
public sealed class AlertTests(AllScenariosStack stack, ITestOutputHelper output)
{
    /// <summary>For each scenario, the alerts its trouble must raise (alerts/ rule names).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ExpectedAlerts = new Dictionary<string, string[]>
    {
        ["dns"] = ["DnsErrorRatioHigh", "DnsServfailRefusedSpike"],
        ["drops"] = ["PolicyDropsAppeared"],
        ["tcp"] = ["TcpResetRateHigh"],
        ["l7"] = ["Http5xxRatioHigh"],
    };

    [Fact]
    public async Task Every_rule_loads_and_evaluates_without_error()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var rules = await stack.Prometheus.RulesAsync(timeout.Token);

        Assert.Contains(rules, r => r.Type == "alerting");
        Assert.Contains(rules, r => r.Type == "recording");
        var broken = rules.Where(r => r.Health == "err").Select(r => $"{r.Group}/{r.Name}: {r.LastError}").ToList();
        Assert.True(broken.Count == 0, "Rules Prometheus cannot evaluate:\n" + string.Join("\n", broken));
    }

    [Fact]
    public async Task Each_scenario_fires_the_alerts_it_should()
    {
        var expected = ExpectedAlerts.SelectMany(e => e.Value).ToHashSet();
        var firing = await WaitForFiringAsync(stack.Prometheus, expected, TimeSpan.FromMinutes(4));

        output.WriteLine("Firing: " + string.Join(", ", firing.Order(StringComparer.Ordinal)));
        var missing = ExpectedAlerts.SelectMany(e => e.Value.Where(a => !firing.Contains(a)).Select(a => $"{a} (scenario {e.Key})")).ToList();
        Assert.True(missing.Count == 0, "Alerts that never fired: " + string.Join(", ", missing) + ". Firing: " + string.Join(", ", firing));
    }

    /// <summary>Polls /api/v1/alerts until all of <paramref name="wanted"/> fire or the time is up; returns the names seen firing.</summary>
    internal static async Task<HashSet<string>> WaitForFiringAsync(PrometheusApi prometheus, IReadOnlySet<string> wanted, TimeSpan limit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTimeOffset.UtcNow + limit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var alert in await prometheus.AlertsAsync(CancellationToken.None))
            {
                if (alert.State == "firing")
                {
                    seen.Add(alert.Name);
                }
            }

            if (wanted.All(seen.Contains))
            {
                break;
            }

            await Task.Delay(RunningStack.Interval);
        }

        return seen;
    }
}

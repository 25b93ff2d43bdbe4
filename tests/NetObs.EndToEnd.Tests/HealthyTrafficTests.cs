using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>Healthy traffic only: after every rule had time to fire, none does.</summary>
public sealed class HealthyTrafficTests(HealthyStack stack, ITestOutputHelper output) : IClassFixture<HealthyStack>
{
    [Fact]
    public async Task Healthy_traffic_fires_no_alert()
    {
        // Long enough for a 1m window to fill and a 10s `for` to pass, several evaluations over.
        var observed = new HashSet<string>(StringComparer.Ordinal);
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTimeOffset.UtcNow < until)
        {
            foreach (var alert in await stack.Prometheus.AlertsAsync(CancellationToken.None))
            {
                observed.Add($"{alert.Name} ({alert.State}: {string.Join(", ", alert.Labels.Where(l => l.Key != "alertname").Select(l => $"{l.Key}={l.Value}"))})");
            }

            await Task.Delay(RunningStack.Interval * 2);
        }

        var rules = await stack.Prometheus.RulesAsync(CancellationToken.None);
        output.WriteLine($"{rules.Count(r => r.Type == "alerting")} alerting rules evaluated on healthy traffic for 90 s.");
        Assert.Contains(rules, r => r.Type == "alerting" && r.Health == "ok");
        Assert.True(observed.Count == 0, "Alerts raised by healthy traffic:\n" + string.Join("\n", observed));
    }
}

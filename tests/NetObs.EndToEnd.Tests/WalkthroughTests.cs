using System.Globalization;
using NetObs.Demo.Walkthrough;
using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>The demo's walk through the five use cases works on the running stack, step by step, and each step shows what its title says.</summary>
[Collection(AllScenariosCollection.Name)]
public sealed class WalkthroughTests(AllScenariosStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_walkthrough_answers_every_use_case_without_errors()
    {
        using var printed = new StringWriter();
        var results = await new UseCaseWalkthrough(stack.Stack, printed).RunAsync(CancellationToken.None);
        output.WriteLine(printed.ToString());

        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.UseCase).Distinct());
        var failed = results.Where(r => r.Error is not null).Select(r => $"{r.UseCase}. {r.Step}: {r.Error}").ToList();
        Assert.True(failed.Count == 0, "Steps that failed:\n" + string.Join("\n", failed));
        var emptyUseCases = results.GroupBy(r => r.UseCase).Where(g => g.All(r => r.Rows == 0)).Select(g => g.Key).ToList();
        Assert.True(emptyUseCases.Count == 0, $"use cases that showed nothing at all: {string.Join(", ", emptyUseCases)}");
        var repeated = RepeatedNotes(printed.ToString());
        Assert.True(repeated.Count == 0, "notes printed more than once in one step:\n" + string.Join("\n", repeated));
    }

    [Fact]
    public async Task Failing_queries_step_lists_the_pods_that_got_nxdomain_servfail_or_refused()
    {
        var table = Assert.Single((await RunAsync(1, "Pods sending the failing queries")).Tables);

        var rcodes = table.Column("dns_rcode");
        Assert.NotEmpty(rcodes);
        Assert.All(rcodes, r => Assert.Contains(r, new[] { "NXDOMAIN", "SERVFAIL", "REFUSED" }));
        Assert.Contains("NXDOMAIN", rcodes);
        // The askers are application pods; CoreDNS answers, it does not ask.
        Assert.All(table.Column("destination_pod"), pod => Assert.Matches("^(pets|shop|banking|monitoring)/", pod));
    }

    [Fact]
    public async Task Imbalance_step_shows_one_product_service_pod_taking_about_80_percent()
    {
        var table = Assert.Single((await RunAsync(3, "Connections from store-front per product-service pod")).Tables);

        Assert.All(table.Column("destination_pod"), pod => Assert.StartsWith("pets/product-service-", pod, StringComparison.Ordinal));
        var shares = table.Column("share").Select(Number).ToList();
        Assert.InRange(shares[0], 0.7, 0.9);
        Assert.All(shares.Skip(1), share => Assert.True(share < 0.2, $"a second pod takes {share:P0}"));
    }

    [Fact]
    public async Task Service_map_step_lists_only_edges_that_drop_most_dropped_first()
    {
        var table = Assert.Single((await RunAsync(5, "Service map edges with drops")).Tables);

        var flows = table.Column("detail__flows").Select(Number).ToList();
        var ratios = table.Column("detail__drop_ratio").Select(Number).ToList();
        Assert.NotEmpty(ratios);
        Assert.All(ratios, ratio => Assert.True(ratio > 0, "an edge without drops is listed"));
        // The ratio prints with three decimals, so a recomputed count may be off by flows × 0.0005.
        for (var i = 1; i < flows.Count; i++)
        {
            Assert.True(flows[i] * ratios[i] <= (flows[i - 1] * ratios[i - 1]) + ((flows[i] + flows[i - 1]) * 0.0005),
                $"edge {i} drops more ({flows[i]} × {ratios[i]}) than edge {i - 1} ({flows[i - 1]} × {ratios[i - 1]}) listed before it");
        }
        Assert.Contains(table.Column("detail__drop_reasons"), reason => reason.Contains("POLICY_DENIED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_5xx_ratio_step_is_not_zero_for_the_catalog_pods_that_serve_5xx()
    {
        // shop/catalog answers about 4 % of its requests with 500, 503 or 504 (the L7 scenario); over a window the
        // traffic fills, every catalog pod reads more than 0 once Prometheus has scraped a few times.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var tables = (await RunAsync(4, "HTTP 5xx ratio")).Tables;
            var catalog = tables.SelectMany(t => t.Rows).Where(r => r[0].StartsWith("shop/catalog-", StringComparison.Ordinal)).ToList();
            if (catalog.Count > 0 && catalog.All(r => Number(r[1]) > 0))
            {
                return;
            }

            await Task.Delay(RunningStack.Interval, limit.Token);
        }
    }

    [Fact]
    public async Task Alert_rows_carry_their_labels_and_runbooks_are_absolute()
    {
        var printed = new StringWriter();
        var walkthrough = new UseCaseWalkthrough(stack.Stack, printed);
        var step = GuideUseCases.All(walkthrough.RateWindow, walkthrough.RareEventWindow).SelectMany(u => u.Steps).OfType<AlertsStep>().Single();
        var table = await WaitForAlertsAsync(walkthrough, step);
        output.WriteLine(printed.ToString());

        var rows = table.Column("alert").Zip(table.Column("labels")).ToList();
        Assert.Contains(rows, r => r.Second.Length > 0);
        Assert.All(rows.GroupBy(r => r.First), alert => Assert.Equal(alert.Count(), alert.Select(r => r.Second).Distinct().Count()));
        var runbooks = (await stack.Prometheus.AlertsAsync(CancellationToken.None)).Select(a => a.Annotations.GetValueOrDefault("runbook_url", "")).ToList();
        Assert.All(runbooks, url => Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), $"runbook_url '{url}' is not absolute"));
        Assert.Contains("    runbooks: file://", printed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_step_finds_the_incident_hours_ago_and_prints_its_denied_flows_with_the_denying_policy()
    {
        var backfill = stack.Stack.Backfill!;

        var edges = Assert.Single((await RunAsync(6, "Policy-denied drops over the last")).Tables);
        var flows = Assert.Single((await RunAsync(6, "The dropped store-admin")).Tables);

        Assert.Contains(edges.Rows, r => r[0] == "pets/store-admin" && r[1] == "pets/product-service" && r[2] == "3002");
        Assert.NotEmpty(flows.Rows);
        Assert.All(flows.Column("drop_reason"), reason => Assert.Equal("POLICY_DENIED", reason));
        Assert.All(flows.Column("policies_denied"), policy => Assert.Equal("pets/product-service-ingress", policy));
        Assert.All(flows.Column("source_pod"), pod => Assert.StartsWith("store-admin-", pod, StringComparison.Ordinal));
        // Hours before the relay's oldest buffered flow: only the history server holds them.
        Assert.True(DateTimeOffset.UtcNow - backfill.IncidentEnd > TimeSpan.FromHours(3), $"the incident ended at {backfill.IncidentEnd:O}");
    }

    private async Task<StepResult> RunAsync(int useCase, string titleStart)
    {
        using var printed = new StringWriter();
        var walkthrough = new UseCaseWalkthrough(stack.Stack, printed);
        var step = GuideUseCases.All(walkthrough.RateWindow, walkthrough.RareEventWindow).Append(GuideUseCases.History(stack.Stack.Options.History!.Duration))
            .Single(u => u.Number == useCase).Steps
            .Single(s => s.Title.StartsWith(titleStart, StringComparison.Ordinal));
        var result = await walkthrough.RunStepAsync(useCase, step, CancellationToken.None);
        output.WriteLine(printed.ToString());
        Assert.Null(result.Error);
        return result;
    }

    // Rules evaluate every RunningStack.Interval with `for` capped at 10 s, so alerts appear within a minute of the start.
    private static async Task<ShownTable> WaitForAlertsAsync(UseCaseWalkthrough walkthrough, AlertsStep step)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var result = await walkthrough.RunStepAsync(5, step, limit.Token);
            if (result.Tables.Count > 0)
            {
                return result.Tables[0];
            }

            await Task.Delay(RunningStack.Interval, limit.Token);
        }
    }

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Notes printed twice within one step (a step starts at a two-space indented title line).</summary>
    private static List<string> RepeatedNotes(string printed)
    {
        var repeated = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in printed.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                seen.Clear();
            }
            else if (line.StartsWith("    note: ", StringComparison.Ordinal) && !seen.Add(line))
            {
                repeated.Add(line);
            }
        }

        return repeated;
    }
}

using System.Globalization;
using Grpc.Core;
using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;

namespace NetObs.Demo.Walkthrough;

/// <summary>Runs the five use cases (and the history server's sixth) against a running stack and prints what an operator would see in each panel.</summary>
internal sealed class UseCaseWalkthrough(DemoStack stack, TextWriter output)
{
    /// <summary>How far back the NetObs queries look; the simulator's backfill covers it.</summary>
    public TimeSpan Range { get; init; } = TimeSpan.FromMinutes(15);

    public string RateWindow { get; init; } = "1m";

    /// <summary>
    /// The window of ratios of rare events (HTTP 5xx): the same 15 minutes as the NetObs steps. Over 1m the demo's
    /// few 5xx per minute often fall outside the window and the ratio reads 0 while the scenario serves them.
    /// </summary>
    public string RareEventWindow { get; init; } = "15m";

    public async Task<IReadOnlyList<StepResult>> RunAsync(CancellationToken cancellation)
    {
        var results = new List<StepResult>();
        IReadOnlyList<UseCase> useCases = stack.Options.History is { } history
            ? [.. GuideUseCases.All(RateWindow, RareEventWindow), GuideUseCases.History(history.Duration)]
            : GuideUseCases.All(RateWindow, RareEventWindow);
        foreach (var useCase in useCases)
        {
            output.WriteLine();
            output.WriteLine($"━━ {useCase.Number}. {useCase.Title} ━━ {useCase.Question}");
            foreach (var step in useCase.Steps)
            {
                output.WriteLine();
                output.WriteLine($"  {step.Title}");
                results.Add(await RunStepAsync(useCase.Number, step, cancellation));
            }
        }

        return results;
    }

    /// <summary>Runs one step of <see cref="GuideUseCases"/> and prints it.</summary>
    public async Task<StepResult> RunStepAsync(int useCase, WalkStep step, CancellationToken cancellation)
    {
        try
        {
            return step switch
            {
                PromStep prom => await RunPromAsync(useCase, prom, cancellation),
                PluginStep plugin => await RunPluginAsync(useCase, plugin, cancellation),
                HistoryStep history => await RunHistoryAsync(useCase, history, cancellation),
                AlertsStep alerts => await RunAlertsAsync(useCase, alerts, cancellation),
                _ => throw new NotSupportedException(step.GetType().Name),
            };
        }
        catch (RpcException e)
        {
            output.WriteLine($"    the plugin call failed: {e.Status.StatusCode}: {e.Status.Detail}");
            return new StepResult(useCase, step.Title, true, 0, e.Status.Detail);
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"    Prometheus did not answer: {e.Message}");
            return new StepResult(useCase, step.Title, true, 0, e.Message);
        }
    }

    private async Task<StepResult> RunPromAsync(int useCase, PromStep step, CancellationToken cancellation)
    {
        output.WriteLine($"    promql: {step.Expression}");
        if (stack.Prometheus is null)
        {
            output.WriteLine("    (skipped: Prometheus is not running)");
            return new StepResult(useCase, step.Title, false, 0, null);
        }

        var result = await stack.Prometheus.Api.QueryAsync(step.Expression, cancellation);
        if (result.Error is not null)
        {
            output.WriteLine($"    error: {result.Error}");
            return new StepResult(useCase, step.Title, true, 0, result.Error);
        }

        var rows = result.Series
            .Where(s => !double.IsNaN(s.Value))
            .OrderByDescending(s => s.Value)
            .Take(8)
            .Select(s => (IReadOnlyList<string>)[.. step.LabelColumns.Select(s.Label), s.Value.ToString("0.###", CultureInfo.InvariantCulture)])
            .ToList();
        if (rows.Count == 0)
        {
            output.WriteLine("    (no data yet: Prometheus needs two scrapes inside the window)");
        }
        else
        {
            var table = TextTable.Write(output, [.. step.LabelColumns, step.ValueHeader], rows);
            return new StepResult(useCase, step.Title, true, rows.Count, null) { Tables = [table] };
        }

        return new StepResult(useCase, step.Title, true, rows.Count, null);
    }

    private async Task<StepResult> RunPluginAsync(int useCase, PluginStep step, CancellationToken cancellation)
    {
        var to = DateTimeOffset.UtcNow;
        var outcome = await stack.DataSource.QueryAsync(step.Query, to - Range, to, cancellation);
        var executed = outcome.Frames.Select(f => f.ExecutedQueryString).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        output.WriteLine($"    query: {step.Query.ToJsonString()}{(executed is null ? "" : $"  (executed: {executed})")}");
        if (outcome.Failed)
        {
            output.WriteLine($"    error (status {outcome.Status}): {outcome.Error}");
            return new StepResult(useCase, step.Title, true, 0, outcome.Error);
        }

        var tables = new List<ShownTable>();
        var rows = FramePrinter.Write(output, outcome.Frames, step.Columns, step.MaxRows, step.View, tables);
        return new StepResult(useCase, step.Title, true, rows, null) { Tables = tables };
    }

    private async Task<StepResult> RunHistoryAsync(int useCase, HistoryStep step, CancellationToken cancellation)
    {
        if (stack.HistoryDataSource is not { } history || stack.Backfill is not { } backfill)
        {
            output.WriteLine("    (skipped: the demo runs without the history server)");
            return new StepResult(useCase, step.Title, false, 0, null);
        }

        var margin = TimeSpan.FromMinutes(10);
        var (from, to) = step.Window == HistoryWindow.Incident
            ? (backfill.IncidentStart - margin, backfill.IncidentEnd + margin)
            : (backfill.From, DateTimeOffset.UtcNow);
        var outcome = await history.QueryAsync(step.Query, from, to, cancellation);
        var executed = outcome.Frames.Select(f => f.ExecutedQueryString).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        output.WriteLine($"    url: {stack.History!.Address} (the history server)   range: {from:yyyy-MM-dd HH:mm} to {to:HH:mm} UTC, {(DateTimeOffset.UtcNow - from).TotalHours:0.#} h back");
        output.WriteLine($"    query: {step.Query.ToJsonString()}{(executed is null ? "" : $"  (executed: {executed})")}");
        if (outcome.Failed)
        {
            output.WriteLine($"    error (status {outcome.Status}): {outcome.Error}");
            return new StepResult(useCase, step.Title, true, 0, outcome.Error);
        }

        var tables = new List<ShownTable>();
        var rows = FramePrinter.Write(output, outcome.Frames, step.Columns, step.MaxRows, null, tables);
        return new StepResult(useCase, step.Title, true, rows, null) { Tables = tables };
    }

    private async Task<StepResult> RunAlertsAsync(int useCase, AlertsStep step, CancellationToken cancellation)
    {
        if (stack.Prometheus is null)
        {
            output.WriteLine("    (skipped: Prometheus is not running, so no rule is evaluated)");
            return new StepResult(useCase, step.Title, false, 0, null);
        }

        var alerts = await stack.Prometheus.Api.AlertsAsync(cancellation);
        var rules = await stack.Prometheus.Api.RulesAsync(cancellation);
        var broken = rules.Where(r => r.Health == "err").ToList();
        output.WriteLine($"    {rules.Count(r => r.Type == "alerting")} alerting and {rules.Count(r => r.Type == "recording")} recording rules loaded; {broken.Count} failing to evaluate");
        foreach (var rule in broken)
        {
            output.WriteLine($"    rule {rule.Name}: {rule.LastError}");
        }

        var rows = alerts
            .OrderBy(a => a.State == "firing" ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => AlertLabels(a.Labels), StringComparer.Ordinal)
            .Select(a => (IReadOnlyList<string>)[a.State, a.Name, a.Labels.GetValueOrDefault("severity", ""), AlertLabels(a.Labels), a.Annotations.GetValueOrDefault("summary", "")])
            .ToList();
        var tables = new List<ShownTable>();
        if (rows.Count == 0)
        {
            output.WriteLine("    none firing or pending yet (rules evaluate every few seconds; `for` is shortened for the demo)");
        }
        else
        {
            tables.Add(TextTable.Write(output, ["state", "alert", "severity", "labels", "summary"], rows.Take(20).ToList(), maxWidth: 70));
            if (rows.Count > 20)
            {
                output.WriteLine($"    ... {rows.Count - 20} more alerts");
            }
        }

        WriteRunbookLocation(alerts);
        return new StepResult(useCase, step.Title, true, rows.Count, null) { Tables = tables };
    }

    /// <summary>The labels that tell one alert of a rule from another (the pod, namespace, reason ...), without the rule's own.</summary>
    public static string AlertLabels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(", ", labels
            .Where(l => l.Key is not ("alertname" or "severity") && l.Value.Length > 0)
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}"));

    // Alertmanager and Grafana open runbook_url from outside the repository, so a relative one leads nowhere.
    private void WriteRunbookLocation(IReadOnlyList<PromAlert> alerts)
    {
        var runbook = alerts.Select(a => a.Annotations.GetValueOrDefault("runbook_url", "")).FirstOrDefault(u => u.Length > 0);
        if (runbook is null)
        {
            return;
        }

        output.WriteLine(Uri.TryCreate(runbook, UriKind.Absolute, out _)
            ? $"    runbooks: {runbook[..(runbook.LastIndexOf('/') + 1)]} (each alert's runbook_url is <alert>.md there)"
            : $"    runbooks: runbook_url is relative ('{runbook}'), so it opens nowhere outside the repository; set alerts.runbookBaseUrl in the generator configuration to where the runbooks are published.");
    }
}

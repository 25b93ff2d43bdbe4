using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NetObs.Testing.Processes;

namespace NetObs.Demo.Prometheus;

/// <summary>The parts of Prometheus's HTTP API (/api/v1) the demo and the end-to-end test read.</summary>
internal sealed class PrometheusApi(Uri address) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    public async Task WaitUntilReadyAsync(ChildProcess process, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {process.ExitCode} at start. {process.DescribeErrors()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellation);
        }

        throw new TimeoutException($"Prometheus at {address} was not ready within {timeout.TotalSeconds:0} s. {process.DescribeErrors()}");
    }

    /// <summary>An instant query; errors come back in the result, as the API reports them, not as exceptions.</summary>
    public async Task<PromQueryResult> QueryAsync(string expression, CancellationToken cancellation, DateTimeOffset? at = null)
    {
        var form = new Dictionary<string, string> { ["query"] = expression };
        if (at is { } time)
        {
            form["time"] = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        using var response = await http.PostAsync(new Uri("api/v1/query", UriKind.Relative), new FormUrlEncodedContent(form), cancellation);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            var kind = root.TryGetProperty("errorType", out var t) ? t.GetString() : "error";
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : "unknown error";
            return new PromQueryResult(expression, $"{kind}: {error}", []);
        }

        var data = root.GetProperty("data");
        var series = new List<PromSample>();
        switch (data.GetProperty("resultType").GetString())
        {
            case "vector":
                foreach (var item in data.GetProperty("result").EnumerateArray())
                {
                    series.Add(new PromSample(Labels(item.GetProperty("metric")), Value(item.GetProperty("value"))));
                }

                break;
            case "matrix":
                foreach (var item in data.GetProperty("result").EnumerateArray())
                {
                    var values = item.GetProperty("values");
                    var last = values.GetArrayLength() > 0 ? Value(values[values.GetArrayLength() - 1]) : double.NaN;
                    series.Add(new PromSample(Labels(item.GetProperty("metric")), last));
                }

                break;
            case "scalar":
                series.Add(new PromSample(new Dictionary<string, string>(), Value(data.GetProperty("result"))));
                break;
            default:
                break;
        }

        return new PromQueryResult(expression, null, series);
    }

    /// <summary>Active alerts (pending and firing) from /api/v1/alerts.</summary>
    public async Task<IReadOnlyList<PromAlert>> AlertsAsync(CancellationToken cancellation)
    {
        using var document = await GetJsonAsync("api/v1/alerts", cancellation);
        return document.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(a =>
            {
                var labels = Labels(a.GetProperty("labels"));
                var annotations = a.TryGetProperty("annotations", out var ann) ? Labels(ann) : new Dictionary<string, string>();
                return new PromAlert(labels.GetValueOrDefault("alertname", ""), a.GetProperty("state").GetString() ?? "", labels, annotations);
            })
            .ToList();
    }

    /// <summary>Every loaded rule with its health and last evaluation error, from /api/v1/rules.</summary>
    public async Task<IReadOnlyList<PromRule>> RulesAsync(CancellationToken cancellation)
    {
        using var document = await GetJsonAsync("api/v1/rules", cancellation);
        var rules = new List<PromRule>();
        foreach (var group in document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            var groupName = group.GetProperty("name").GetString() ?? "";
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                rules.Add(new PromRule(
                    groupName,
                    rule.GetProperty("name").GetString() ?? "",
                    rule.GetProperty("type").GetString() ?? "",
                    rule.TryGetProperty("health", out var h) ? h.GetString() ?? "" : "",
                    rule.TryGetProperty("lastError", out var e) ? e.GetString() : null,
                    rule.TryGetProperty("state", out var s) ? s.GetString() : null));
            }
        }

        return rules;
    }

    /// <summary>Whether every active scrape target is up and has been scraped at least once.</summary>
    public async Task<(bool AllUp, string Description)> TargetsAsync(CancellationToken cancellation)
    {
        using var document = await GetJsonAsync("api/v1/targets", cancellation);
        var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (Url: t.GetProperty("scrapeUrl").GetString(), Health: t.GetProperty("health").GetString(),
                Error: t.TryGetProperty("lastError", out var e) ? e.GetString() : null))
            .ToList();
        var description = string.Join("; ", targets.Select(t => $"{t.Url} {t.Health}{(string.IsNullOrEmpty(t.Error) ? "" : " (" + t.Error + ")")}"));
        return (targets.Count > 0 && targets.All(t => t.Health == "up"), description);
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellation);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonDocument>(cancellation)
            ?? throw new InvalidOperationException($"Prometheus answered {path} with an empty body.");
    }

    private static Dictionary<string, string> Labels(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");

    // Prometheus encodes a sample as [unixSeconds, "value"].
    private static double Value(JsonElement pair) =>
        double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}

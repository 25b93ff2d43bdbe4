using System.Globalization;
using System.Text.Json.Nodes;
using Cilium.Observer;
using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.History.V1;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Query.Queries;

namespace NetObs.Plugin;

/// <summary>CheckHealth: connects to the relay, calls ServerStatus, and says what it found or exactly what failed.</summary>
internal sealed partial class HubbleDataSource
{
    public async Task<CheckHealthResult> CheckHealthAsync(CheckHealthRequest request, CancellationToken cancellationToken)
    {
        if (_settings.Settings is not { } settings || _relay is null)
        {
            return new CheckHealthResult(HealthStatus.Error, _settings.ErrorMessage,
                new JsonObject { ["problems"] = new JsonArray([.. _settings.Problems.Select(p => JsonValue.Create(p.ToString()))]) });
        }

        try
        {
            if (await _relay.HistoryAsync(cancellationToken).ConfigureAwait(false) is { } history)
            {
                return await HistoryHealthAsync(history, settings.Address, cancellationToken).ConfigureAwait(false);
            }

            var status = await _relay.ServerStatusAsync(cancellationToken).ConfigureAwait(false);
            var connected = status.NumConnectedNodes;
            var unavailable = status.NumUnavailableNodes ?? 0;
            var nodes = connected is null ? "a single Hubble server (not a relay)" : $"{connected} node(s) connected, {unavailable} unavailable";
            var missing = status.UnavailableNodes.Count > 0 ? $" (unavailable: {string.Join(", ", status.UnavailableNodes)})" : string.Empty;
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Connected to Hubble Relay {status.Version} at {settings.Address}: {nodes}{missing}; {status.NumFlows} flows in buffer (capacity {status.MaxFlows}), {status.SeenFlows} seen.");
            var details = new JsonObject
            {
                ["version"] = status.Version,
                ["address"] = settings.Address,
                ["connectedNodes"] = connected,
                ["unavailableNodes"] = unavailable,
                ["numFlows"] = status.NumFlows,
                ["maxFlows"] = status.MaxFlows,
                ["seenFlows"] = status.SeenFlows,
                ["flowsRate"] = status.FlowsRate,
            };
            return new CheckHealthResult(HealthStatus.Ok, message, details);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var failure = RelayFailures.Describe(e);
            if (failure.LogReference is { } reference)
            {
                _logger.LogError(e, "The health check failed inside the plugin (reference {Reference})", reference);
            }

            return new CheckHealthResult(HealthStatus.Error, failure.Message, new JsonObject { ["address"] = settings.Address });
        }
    }

    /// <summary>A history server: its whole coverage (stored ranges and gaps) and the relays it follows.</summary>
    private async Task<CheckHealthResult> HistoryHealthAsync(IHistoryAggregations history, string address, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var coverage = await history.CoverageAsync(new CoverageRequest { SinceNs = 0, UntilNs = 0 }, cancellationToken).ConfigureAwait(false);
        ServerStatusResponse? status = null;
        try
        {
            status = await _relay!.ServerStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RelayException)
        {
            // The stored history still answers; the sentence says that following is unknown.
        }

        var details = new JsonObject
        {
            ["kind"] = "netobs-history",
            ["address"] = address,
            ["clusters"] = coverage.Ranges.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Count(),
            ["storedFlows"] = coverage.Ranges.Sum(r => r.FlowCount),
            ["gaps"] = coverage.Gaps.Count,
        };
        return new CheckHealthResult(HealthStatus.Ok, HistoryHealthText.Describe(address, coverage, status, now), details);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NetObs.Grafana;
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
}

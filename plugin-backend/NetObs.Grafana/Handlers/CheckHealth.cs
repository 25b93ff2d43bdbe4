using System.Text.Json.Nodes;

namespace NetObs.Grafana;

/// <summary>A health check ("Save &amp; test" in the data source settings).</summary>
public sealed record CheckHealthRequest(PluginContext PluginContext, IReadOnlyDictionary<string, string> Headers);

/// <summary>Health states Grafana shows.</summary>
public enum HealthStatus
{
    Unknown = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>The outcome of a health check; <see cref="Details"/> must be a JSON object for Grafana to accept it.</summary>
public sealed record CheckHealthResult(HealthStatus Status, string Message, JsonObject? Details = null);

/// <summary>Answers Grafana's CheckHealth calls.</summary>
public interface ICheckHealthHandler
{
    Task<CheckHealthResult> CheckHealthAsync(CheckHealthRequest request, CancellationToken cancellationToken);
}

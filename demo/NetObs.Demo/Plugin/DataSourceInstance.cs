using System.Text.Json.Nodes;

namespace NetObs.Demo.Plugin;

/// <summary>The data-source settings Grafana would send with every call: the relay address in `url` and jsonData.</summary>
internal sealed record DataSourceInstance(string Uid, string Name, string RelayAddress, JsonObject JsonData, DateTimeOffset LastUpdated)
{
    public string PluginVersion { get; init; } = "";

    /// <summary>The instance the demo provisions: a plaintext relay on loopback with the default limits.</summary>
    public static DataSourceInstance ForRelay(string relayAddress, DateTimeOffset lastUpdated) =>
        new("netobs", "NetObs Hubble", relayAddress, new JsonObject { ["timeout"] = 30 }, lastUpdated);
}

using System.Text.Json.Nodes;

namespace NetObs.Demo.Plugin;

/// <summary>The data-source settings Grafana would send with every call: the relay's (or a history server's) address in `url` and jsonData.</summary>
internal sealed record DataSourceInstance(string Uid, string Name, string RelayAddress, JsonObject JsonData, DateTimeOffset LastUpdated)
{
    public string PluginVersion { get; init; } = "";

    /// <summary>The instance the demo provisions: a plaintext relay on loopback with the default limits.</summary>
    public static DataSourceInstance ForRelay(string relayAddress, DateTimeOffset lastUpdated) =>
        new("netobs", "NetObs Hubble", relayAddress, new JsonObject { ["timeout"] = 30 }, lastUpdated);

    /// <summary>The same data source type with its `url` pointing at a NetObs history server: no other setting changes.</summary>
    public static DataSourceInstance ForHistory(string historyAddress, DateTimeOffset lastUpdated) =>
        new("netobs-history", "NetObs history", historyAddress, new JsonObject { ["timeout"] = 30 }, lastUpdated);
}

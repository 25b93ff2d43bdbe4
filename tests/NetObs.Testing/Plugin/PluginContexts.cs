using Google.Protobuf;
using NetObs.Grafana.Protocol.V2;

namespace NetObs.Testing.Plugin;

/// <summary>The PluginContext Grafana sends with every call to a data source instance.</summary>
public static class PluginContexts
{
    /// <summary>The NetObs plugin's id in plugin.json.</summary>
    public const string NetObsPluginId = "netobs-hubble-datasource";

    /// <summary>A data source instance pointing at <paramref name="url"/> with these settings.</summary>
    public static PluginContext DataSource(
        string url,
        string jsonData = "{}",
        IReadOnlyDictionary<string, string>? secureJsonData = null,
        string uid = "hubble",
        string name = "Hubble",
        string pluginId = NetObsPluginId,
        long lastUpdatedMs = 1)
    {
        var settings = new DataSourceInstanceSettings
        {
            Uid = uid,
            Name = name,
            Url = url,
            JsonData = ByteString.CopyFromUtf8(jsonData),
            LastUpdatedMS = lastUpdatedMs,
        };
        foreach (var (key, value) in secureJsonData ?? new Dictionary<string, string>())
        {
            settings.DecryptedSecureJsonData[key] = value;
        }

        return new PluginContext { OrgId = 1, PluginId = pluginId, DataSourceInstanceSettings = settings };
    }
}

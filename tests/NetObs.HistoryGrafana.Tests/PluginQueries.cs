using Google.Protobuf;
using NetObs.Grafana.Protocol.V2;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>QueryData requests as Grafana sends them to the plugin: one data source, queries over the stored scenario's range.</summary>
internal static class PluginQueries
{
    public static DataQuery PanelQuery(string refId, string json, DateTimeOffset? from = null, DateTimeOffset? to = null) => new()
    {
        RefId = refId,
        Json = ByteString.CopyFromUtf8(json),
        IntervalMS = 60_000,
        MaxDataPoints = 1000,
        TimeRange = new TimeRange
        {
            FromEpochMS = (from ?? StoredScenario.Start).ToUnixTimeMilliseconds(),
            ToEpochMS = (to ?? StoredScenario.End).ToUnixTimeMilliseconds(),
        },
    };

    /// <summary>Asks the data source at <paramref name="address"/> (its uid keeps the plugin's instances apart) for <paramref name="queries"/>.</summary>
    public static async Task<QueryDataResponse> QueryAsync(this PluginProcess plugin, string address, string uid, params DataQuery[] queries)
    {
        var request = new QueryDataRequest { PluginContext = PluginContexts.DataSource(address, "{\"timeout\":60}", uid: uid) };
        request.Queries.AddRange(queries);
        return await plugin.Data.QueryDataAsync(request, deadline: DateTime.UtcNow.AddSeconds(120));
    }
}

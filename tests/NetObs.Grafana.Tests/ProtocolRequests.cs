using System.Text;
using Google.Protobuf;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Tests;

/// <summary>pluginv2 requests shaped like the ones Grafana sends.</summary>
internal static class ProtocolRequests
{
    public static V2.PluginContext Context(string uid = "ds-1", long lastUpdatedMs = 1_700_000_000_000, string url = "relay:4245") => new()
    {
        OrgId = 1,
        PluginId = "netobs-sample-datasource",
        PluginVersion = "0.1.0",
        User = new V2.User { Login = "admin", Name = "Admin", Role = "Admin" },
        DataSourceInstanceSettings = new V2.DataSourceInstanceSettings
        {
            Uid = uid,
            Id = 7,
            Name = "Sample",
            Url = url,
            JsonData = ByteString.CopyFromUtf8("{}"),
            LastUpdatedMS = lastUpdatedMs,
        },
    };

    public static V2.DataQuery Query(string refId, string json, string queryType = "") => new()
    {
        RefId = refId,
        QueryType = queryType,
        MaxDataPoints = 1000,
        IntervalMS = 1000,
        TimeRange = new V2.TimeRange { FromEpochMS = 1_700_000_000_000, ToEpochMS = 1_700_000_360_000 },
        Json = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)),
    };

    public static V2.QueryDataRequest QueryData(V2.PluginContext context, params V2.DataQuery[] queries)
    {
        var request = new V2.QueryDataRequest { PluginContext = context };
        request.Queries.AddRange(queries);
        return request;
    }
}

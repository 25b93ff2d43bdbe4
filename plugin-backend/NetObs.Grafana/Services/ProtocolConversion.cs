using Google.Protobuf;
using Google.Protobuf.Collections;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary>Turns pluginv2 wire messages into the handler API's records and back.</summary>
internal static class ProtocolConversion
{
    public static PluginContext ToPluginContext(V2.PluginContext? context)
    {
        if (context is null)
        {
            return new PluginContext();
        }

        var ds = context.DataSourceInstanceSettings;
        return new PluginContext
        {
            OrgId = context.OrgId,
            PluginId = context.PluginId,
            User = context.User is { } user ? new GrafanaUser(user.Login, user.Name, user.Email, user.Role) : null,
            DataSource = ds is null
                ? null
                : new DataSourceSettings
                {
                    Uid = ds.Uid,
                    Id = ds.Id,
                    Name = ds.Name,
                    Url = ds.Url,
                    User = ds.User,
                    Database = ds.Database,
                    BasicAuthEnabled = ds.BasicAuthEnabled,
                    BasicAuthUser = ds.BasicAuthUser,
                    JsonData = ds.JsonData.Memory,
                    DecryptedSecureJsonData = new Dictionary<string, string>(ds.DecryptedSecureJsonData),
                    LastUpdatedMs = ds.LastUpdatedMS,
                    ApiVersion = ds.ApiVersion,
                },
            GrafanaConfig = new Dictionary<string, string>(context.GrafanaConfig),
            PluginVersion = context.PluginVersion,
            UserAgent = context.UserAgent,
        };
    }

    public static DataQuery ToDataQuery(V2.DataQuery query) => new()
    {
        RefId = query.RefId,
        QueryType = query.QueryType,
        MaxDataPoints = query.MaxDataPoints,
        Interval = TimeSpan.FromMilliseconds(query.IntervalMS),
        TimeRange = new TimeRange(
            DateTimeOffset.FromUnixTimeMilliseconds(query.TimeRange?.FromEpochMS ?? 0),
            DateTimeOffset.FromUnixTimeMilliseconds(query.TimeRange?.ToEpochMS ?? 0)),
        Json = query.Json.Memory,
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ToHeaders(MapField<string, V2.StringList> headers) =>
        headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[.. h.Value.Values], StringComparer.OrdinalIgnoreCase);

    public static V2.CallResourceResponse ToProto(CallResourceResponse response, bool first)
    {
        var proto = new V2.CallResourceResponse
        {
            // Grafana takes the status of the first message only, and 0 is no HTTP status.
            Code = response.Status == 0 && first ? 200 : response.Status,
            Body = ByteString.CopyFrom(response.Body.Span),
        };
        foreach (var (name, values) in response.Headers ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var list = new V2.StringList();
            list.Values.AddRange(values);
            proto.Headers[name] = list;
        }

        return proto;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using NetObs.Grafana.Protocol.V2;
using NetObs.Testing.Frames;
using NetObs.Testing.Plugin;

namespace NetObs.Demo.Plugin;

/// <summary>Calls one data-source instance of the running plugin as Grafana would for a panel, a health check or a resource.</summary>
internal sealed class DataSourceClient(PluginProcess plugin, DataSourceInstance instance)
{
    private const string PluginId = "netobs-hubble-datasource";

    /// <summary>Runs one query of the query model (the JSON a panel target holds) over a time range.</summary>
    public async Task<QueryOutcome> QueryAsync(JsonObject query, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellation, TimeSpan? interval = null)
    {
        var refId = query["refId"]?.GetValue<string>() ?? "A";
        var request = new QueryDataRequest { PluginContext = Context() };
        request.Queries.Add(new DataQuery
        {
            RefId = refId,
            QueryType = query["queryType"]?.GetValue<string>() ?? "",
            Json = ByteString.CopyFromUtf8(query.ToJsonString()),
            TimeRange = new TimeRange { FromEpochMS = from.ToUnixTimeMilliseconds(), ToEpochMS = to.ToUnixTimeMilliseconds() },
            IntervalMS = (long)(interval ?? TimeSpan.FromSeconds(30)).TotalMilliseconds,
            MaxDataPoints = 1000,
        });
        var response = await plugin.Data.QueryDataAsync(request, cancellationToken: cancellation);
        if (!response.Responses.TryGetValue(refId, out var data))
        {
            return new QueryOutcome([], $"the plugin answered no response for refId {refId} (it answered {string.Join(", ", response.Responses.Keys)})", 0);
        }

        var frames = data.Frames.Select(f => ArrowFrameDecoder.Decode(f)).ToList();
        return new QueryOutcome(frames, string.IsNullOrEmpty(data.Error) ? null : data.Error, data.Status);
    }

    public async Task<CheckHealthResponse> CheckHealthAsync(CancellationToken cancellation) =>
        await plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = Context() }, cancellationToken: cancellation);

    /// <summary>GET or POST on a resource path; returns the status code and the body of all response messages.</summary>
    public async Task<(int Code, string Body)> CallResourceAsync(string method, string pathAndQuery, string? body, CancellationToken cancellation)
    {
        var path = pathAndQuery.Split('?')[0];
        var request = new CallResourceRequest
        {
            PluginContext = Context(),
            Method = method,
            Path = path,
            Url = pathAndQuery,
            Body = body is null ? ByteString.Empty : ByteString.CopyFromUtf8(body),
        };
        using var call = plugin.Resource.CallResource(request, cancellationToken: cancellation);
        var code = 0;
        var text = new StringBuilder();
        while (await call.ResponseStream.MoveNext(cancellation))
        {
            var message = call.ResponseStream.Current;
            if (message.Code != 0)
            {
                code = message.Code;
            }

            text.Append(message.Body.ToStringUtf8());
        }

        return (code, text.ToString());
    }

    private PluginContext Context() => new()
    {
        OrgId = 1,
        PluginId = PluginId,
        PluginVersion = instance.PluginVersion,
        User = new User { Login = "demo", Name = "NetObs demo", Role = "Admin" },
        DataSourceInstanceSettings = new DataSourceInstanceSettings
        {
            Id = 1,
            Uid = instance.Uid,
            Name = instance.Name,
            Url = instance.RelayAddress,
            JsonData = ByteString.CopyFromUtf8(instance.JsonData.ToJsonString()),
            LastUpdatedMS = instance.LastUpdated.ToUnixTimeMilliseconds(),
        },
    };
}

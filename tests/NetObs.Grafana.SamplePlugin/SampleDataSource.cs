using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Queries;

namespace NetObs.Grafana.SamplePlugin;

/// <summary>
/// One sample data source instance. Query types: <c>echo</c> (default; <c>rows</c> rows of text and numbers),
/// <c>fail</c> (a downstream error), <c>crash</c> (an unexpected exception), <c>slow</c> (waits <c>delayMs</c>).
/// Resources: <c>echo</c>, <c>chunks</c> (three streamed messages), <c>crash</c>, <c>crash-process</c> (an unhandled exception). Streams: <c>counter/*</c>.
/// </summary>
internal sealed class SampleDataSource : IQueryDataHandler, ICheckHealthHandler, ICallResourceHandler, IStreamHandler, IDisposable
{
    private readonly DataSourceSettings _settings;
    private readonly int _generation;
    private readonly ILogger _logger;
    private readonly QueryTypeRouter _router;

    public SampleDataSource(DataSourceSettings settings, int generation, ILogger logger)
    {
        _settings = settings;
        _generation = generation;
        _logger = logger;
        _router = new QueryTypeRouter("echo", logger)
            .Map("echo", EchoAsync)
            .Map("fail", (context, _) => throw new QueryException($"Downstream refused query {context.Query.RefId}: {Parse(context).Message}", ErrorSource.Downstream, 502))
            .Map("crash", (_, _) => throw new InvalidOperationException("the sample crashed on purpose"))
            .Map("slow", SlowAsync);
        _logger.LogInformation("Sample instance {Generation} created for data source {Uid}", generation, settings.Uid);
    }

    public Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken) =>
        _router.QueryDataAsync(request, cancellationToken);

    public Task<CheckHealthResult> CheckHealthAsync(CheckHealthRequest request, CancellationToken cancellationToken)
    {
        var details = new JsonObject { ["uid"] = _settings.Uid, ["generation"] = _generation };
        return Task.FromResult(_settings.Url.Length == 0
            ? new CheckHealthResult(HealthStatus.Error, $"Data source '{_settings.Name}' has no URL; set one in its settings.", details)
            : new CheckHealthResult(HealthStatus.Ok, $"Data source '{_settings.Name}' at {_settings.Url} is reachable.", details));
    }

    public async Task CallResourceAsync(CallResourceRequest request, IResourceResponseSender sender, CancellationToken cancellationToken)
    {
        switch (request.Path)
        {
            case "echo":
                var echo = new ResourceEcho(request.Method, request.Path, request.Url, request.Body.Length, request.QueryParameter("name"), _generation);
                await sender.SendAsync(CallResourceResponse.Json(200, echo, SampleJsonContext.Default.ResourceEcho), cancellationToken);
                break;
            case "chunks":
                for (var i = 1; i <= 3; i++)
                {
                    await sender.SendAsync(new CallResourceResponse(0, Encoding.UTF8.GetBytes($"chunk {i}\n")), cancellationToken);
                }

                break;
            case "crash":
                throw new InvalidOperationException("the sample resource crashed on purpose");
            case "crash-process":
                // An exception nobody catches, on a thread of its own: the whole process goes down.
                new Thread(() => throw new InvalidOperationException("the sample process crashed on purpose")).Start();
                await sender.SendAsync(CallResourceResponse.Text(202, "crashing"), cancellationToken);
                break;
            default:
                await sender.SendAsync(CallResourceResponse.Text(404, $"no resource '{request.Path}'"), cancellationToken);
                break;
        }
    }

    public Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(request.Path.StartsWith("counter/", StringComparison.Ordinal)
            ? StreamResult.Ok(CounterFrame(request.Path, 0))
            : new StreamResult(StreamStatus.NotFound));

    public async Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken)
    {
        var count = request.Data.Length > 0 ? JsonSerializer.Deserialize(request.Data.Span, SampleJsonContext.Default.SampleQuery)!.Rows : 3;
        for (var i = 1; i <= count; i++)
        {
            await sender.SendFrameAsync(CounterFrame(request.Path, i), i == 1 ? FrameInclude.All : FrameInclude.DataOnly, cancellationToken);
        }
    }

    public Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new StreamResult(StreamStatus.PermissionDenied));

    public void Dispose() => _logger.LogInformation("Sample instance {Generation} disposed", _generation);

    private static SampleQuery Parse(QueryContext context) =>
        context.Json.Deserialize(SampleJsonContext.Default.SampleQuery) ?? new SampleQuery();

    private Task<DataResponse> EchoAsync(QueryContext context, CancellationToken cancellationToken)
    {
        var query = Parse(context);
        var from = context.Query.TimeRange.From;
        var frame = new DataFrame(
            "echo",
            Field.Time("time", Enumerable.Range(0, query.Rows).Select(i => from.AddSeconds(i))),
            Field.String("text", Enumerable.Repeat(query.Text, query.Rows)),
            Field.Float64("value", Enumerable.Range(0, query.Rows).Select(i => i * 0.5)),
            Field.Int32("generation", Enumerable.Repeat(_generation, query.Rows)))
        {
            Meta = new FrameMeta { Type = FrameTypes.Table, TypeVersion = new FrameTypeVersion(0, 1), ExecutedQueryString = Encoding.UTF8.GetString(context.Query.Json.Span) },
        };
        return Task.FromResult(DataResponse.Success(frame));
    }

    private static async Task<DataResponse> SlowAsync(QueryContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Parse(context).DelayMs, cancellationToken);
        return DataResponse.Success();
    }

    private static DataFrame CounterFrame(string path, int value) =>
        new(path, Field.Time("time", [DateTimeOffset.UnixEpoch.AddSeconds(value)]), Field.Int64("count", [(long)value]));
}

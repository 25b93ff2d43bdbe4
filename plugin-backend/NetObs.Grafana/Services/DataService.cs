using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Metrics;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary>
/// <c>pluginv2.Data</c>: runs the plugin's query handler and encodes its frames as Arrow files. Every refId of the
/// request gets an answer with a status: a handler that fails or skips a query fails that query only.
/// </summary>
internal sealed class DataService : V2.Data.DataBase
{
    private readonly PluginHandlers _handlers;
    private readonly PluginMetrics _metrics;
    private readonly ILogger<DataService> _logger;

    public DataService(PluginHandlers handlers, PluginMetrics metrics, ILogger<DataService> logger)
    {
        _handlers = handlers;
        _metrics = metrics;
        _logger = logger;
    }

    public override async Task<V2.QueryDataResponse> QueryData(V2.QueryDataRequest request, ServerCallContext context)
    {
        var handler = _handlers.QueryData ?? throw new RpcException(new Status(StatusCode.Unimplemented, "This plugin does not answer data queries."));
        var started = Stopwatch.GetTimestamp();

        // Out-of-range fields fail their own query before conversion, which could not represent them (issue 12).
        var refused = new Dictionary<string, DataResponse>(StringComparer.Ordinal);
        var queries = new List<DataQuery>(request.Queries.Count);
        foreach (var proto in request.Queries)
        {
            if (DataQueryLimits.Problem(proto) is { } problem)
            {
                refused[proto.RefId] = DataResponse.Failure(problem, ErrorSource.Plugin, proto.Json.Length > DataQueryLimits.MaxJsonBytes ? 413 : 400);
            }
            else
            {
                queries.Add(ProtocolConversion.ToDataQuery(proto));
            }
        }

        var call = new QueryDataRequest(ProtocolConversion.ToPluginContext(request.PluginContext), new Dictionary<string, string>(request.Headers), queries);

        IReadOnlyDictionary<string, DataResponse> answers;
        try
        {
            answers = queries.Count == 0
                ? new Dictionary<string, DataResponse>()
                : (await handler.QueryDataAsync(call, context.CancellationToken).ConfigureAwait(false)).Responses;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The query was cancelled by Grafana."));
        }
        catch (Exception e)
        {
            var failure = DataResponse.Failure(PluginFault.Report(_logger, e, $"Answering {queries.Count} queries"), ErrorSource.Plugin);
            answers = queries.DistinctBy(q => q.RefId).ToDictionary(q => q.RefId, _ => failure);
        }

        var response = new V2.QueryDataResponse();
        foreach (var query in request.Queries)
        {
            var answer = refused.TryGetValue(query.RefId, out var refusal) ? refusal
                : answers.TryGetValue(query.RefId, out var found) ? found
                : DataResponse.Failure($"The plugin returned no answer for query {query.RefId}.", ErrorSource.Plugin);
            response.Responses[query.RefId] = Encode(query.RefId, answer);
        }

        _metrics.QueryDataCompleted(Stopwatch.GetElapsedTime(started));
        return response;
    }

    private V2.DataResponse Encode(string refId, DataResponse answer)
    {
        var proto = new V2.DataResponse { Format = V2.DataFrameFormat.Arrow };
        long rows = 0;
        try
        {
            foreach (var frame in answer.Frames)
            {
                if (frame.RefId.Length == 0)
                {
                    frame.RefId = refId;
                }

                proto.Frames.Add(ByteString.CopyFrom(ArrowFrameWriter.Write(frame)));
                rows += frame.RowCount;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            answer = DataResponse.Failure(PluginFault.Report(_logger, e, $"Encoding the frames of query {refId}"), ErrorSource.Plugin);
            proto.Frames.Clear();
            rows = 0;
        }

        var failed = answer.Error is not null;
        proto.Status = answer.Status != 0 ? answer.Status : failed ? 500 : 200;
        if (failed)
        {
            proto.Error = answer.Error;
            proto.ErrorSource = answer.ErrorSource == ErrorSource.Downstream ? "downstream" : "plugin";
        }

        _metrics.QueryAnswered(failed, answer.ErrorSource, proto.Frames.Count, rows);
        return proto;
    }
}

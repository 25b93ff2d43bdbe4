using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Plugin;

/// <summary>QueryData: every query runs concurrently (sharing relay streams), and each failure stays that query's error.</summary>
internal sealed partial class HubbleDataSource
{
    public async Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(request.Queries.Select(q => AnswerAsync(q, cancellationToken))).ConfigureAwait(false);
        var responses = new Dictionary<string, DataResponse>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Length; i++)
        {
            responses[request.Queries[i].RefId] = answers[i];
        }

        return new QueryDataResponse(responses);
    }

    private async Task<DataResponse> AnswerAsync(DataQuery query, CancellationToken cancellationToken)
    {
        if (_engine is null)
        {
            return DataResponse.Failure(_settings.ErrorMessage + " Fix them in the data source's settings page.", ErrorSource.Plugin, 400);
        }

        try
        {
            var window = new QueryWindow(query.TimeRange.From, query.TimeRange.To, query.Interval, query.MaxDataPoints);
            var parsed = QueryParser.Parse(query.RefId, query.Json.Span, query.QueryType);
            if (parsed.Query is null)
            {
                return DataResponse.Failure(parsed.ErrorMessage, ErrorSource.Plugin, 400);
            }

            var result = await _engine.RunAsync(parsed.Query, window, cancellationToken).ConfigureAwait(false);
            var frames = ResultFrames.Build(result);
            if (parsed.Query is { Stream: true, Type: QueryType.Flows } && frames.Count > 0 && frames[0].Meta is { } meta)
            {
                // Grafana subscribes to meta.channel (without the query) to keep the panel live after the first answer.
                frames[0].Meta = meta with { Channel = LiveChannel(parsed.Query.Filter) };
            }

            return DataResponse.Success(frames);
        }
        catch (QueryFailure e)
        {
            if (e.LogReference is { } reference)
            {
                _logger.LogError(e.InnerException, "Query {RefId} failed inside the plugin (reference {Reference})", query.RefId, reference);
            }

            return DataResponse.Failure(e.Message, e.FailureSource == FailureSource.Downstream ? ErrorSource.Downstream : ErrorSource.Plugin, e.Status);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return DataResponse.Failure(PluginFault.Report(_logger, e, $"Query {query.RefId}"), ErrorSource.Plugin, 500);
        }
    }
}

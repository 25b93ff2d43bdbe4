using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Queries;
using NetObs.Plugin.QueryTypes.Coverage;
using NetObs.Plugin.QueryTypes.Flows;
using NetObs.Plugin.QueryTypes.ServiceMap;
using NetObs.Plugin.QueryTypes.Status;
using NetObs.Plugin.QueryTypes.TimeSeries;
using NetObs.Plugin.QueryTypes.TopK;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.Coverage;
using NetObs.Query.QueryTypes.Flows;
using NetObs.Query.QueryTypes.ServiceMap;
using NetObs.Query.QueryTypes.Status;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Query.Results;

namespace NetObs.Plugin.QueryTypes;

/// <summary>
/// The one route of a Grafana query: the router picks the query type by <c>queryType</c>, and the type's handler parses
/// the query model, runs the type's computation in the engine (shared scans, runs and results) and builds its frames.
/// </summary>
internal static class QueryTypeRoutes
{
    /// <param name="engine">The data source instance's engine.</param>
    /// <param name="liveChannel">The live channel of a streamed flows query's filter, or null when it has none.</param>
    /// <param name="logger">Where faults of the plugin are logged with the reference their message quotes.</param>
    public static QueryTypeRouter Router(QueryEngine engine, Func<CompiledFilter, string?> liveChannel, ILogger logger)
    {
        var routes = new Routes(engine, logger);
        return new QueryTypeRouter(QueryNames.Of(QueryType.Flows), logger)
            .Map(QueryNames.Of(QueryType.Flows), routes.Handler(QueryType.Flows, FlowsQuery.RunAsync, (query, result) => FlowsFrames(query, result, liveChannel)))
            .Map(QueryNames.Of(QueryType.TimeSeries), routes.Handler(QueryType.TimeSeries, TimeSeriesQuery.RunAsync, (_, result) => TimeSeriesFrameBuilder.Build(result)))
            .Map(QueryNames.Of(QueryType.TopK), routes.Handler(QueryType.TopK, TopKQuery.RunAsync, (_, result) => [TopKFrameBuilder.Build(result)]))
            .Map(QueryNames.Of(QueryType.ServiceMap), routes.Handler(QueryType.ServiceMap, ServiceMapQuery.RunAsync, (_, result) => ServiceMapFrameBuilder.Build(result)))
            .Map(QueryNames.Of(QueryType.Status), routes.Handler(QueryType.Status, StatusQuery.RunAsync, (_, result) => StatusFrameBuilder.Build(result)))
            .Map(QueryNames.Of(QueryType.Coverage), routes.Handler(QueryType.Coverage, CoverageQuery.RunAsync, (_, result) => CoverageFrameBuilder.Build(result)))
            .MapUnknown(routes.Unknown);
    }

    private static IReadOnlyList<DataFrame> FlowsFrames(NetObsQuery query, FlowsResult result, Func<CompiledFilter, string?> liveChannel)
    {
        var frame = FlowsFrameBuilder.Build(result);
        if (query.Stream && frame.Meta is { } meta)
        {
            // Grafana subscribes to meta.channel (without the query) to keep the panel live after the first answer.
            frame.Meta = meta with { Channel = liveChannel(query.Filter) };
        }

        return [frame];
    }

    private sealed class Routes(QueryEngine engine, ILogger logger)
    {
        public QueryTypeHandler Handler<TResult>(QueryType type, QueryTypeRun<TResult> run, Func<NetObsQuery, TResult, IReadOnlyList<DataFrame>> frames)
            where TResult : QueryResult =>
            async (context, cancellationToken) =>
            {
                var query = Parse(context);
                if (query.Type != type)
                {
                    throw new QueryException(
                        $"Query {context.Query.RefId} names queryType '{QueryNames.Of(query.Type)}' in its JSON but '{QueryNames.Of(type)}' in the request; send one query type.",
                        ErrorSource.Plugin,
                        400);
                }

                var window = new QueryWindow(context.Query.TimeRange.From, context.Query.TimeRange.To, context.Query.Interval, context.Query.MaxDataPoints);
                TResult result;
                try
                {
                    result = await engine.RunAsync(query, window, run, cancellationToken).ConfigureAwait(false);
                }
                catch (QueryFailure e)
                {
                    if (e.LogReference is { } reference)
                    {
                        logger.LogError(e.InnerException, "Query {RefId} failed inside the plugin (reference {Reference})", context.Query.RefId, reference);
                    }

                    throw new QueryException(e.Message, e.FailureSource == FailureSource.Downstream ? ErrorSource.Downstream : ErrorSource.Plugin, e.Status, e);
                }

                return DataResponse.Success(frames(query, result));
            };

        /// <summary>A query type no handler serves: the query model's parser says what is wrong with it, in its own words.</summary>
        public Task<DataResponse> Unknown(QueryContext context, CancellationToken cancellationToken)
        {
            var query = Parse(context);
            throw new QueryException(
                $"Query {context.Query.RefId} names queryType '{QueryNames.Of(query.Type)}' in its JSON but '{TextExcerpt(context.QueryType)}' in the request; send one query type.",
                ErrorSource.Plugin,
                400);
        }

        private static NetObsQuery Parse(QueryContext context)
        {
            var parsed = QueryParser.Parse(context.Query.RefId, context.Query.Json.Span, context.QueryType);
            return parsed.Query ?? throw new QueryException(parsed.ErrorMessage, ErrorSource.Plugin, 400);
        }

        private static string TextExcerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;
    }
}

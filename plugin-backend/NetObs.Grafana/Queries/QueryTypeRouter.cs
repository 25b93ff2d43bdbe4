using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetObs.Grafana.Queries;

/// <summary>One query, parsed far enough to route it: its JSON is known to be an object.</summary>
public sealed record QueryContext(PluginContext PluginContext, IReadOnlyDictionary<string, string> Headers, DataQuery Query, string QueryType, JsonElement Json);

/// <summary>Answers the queries of one query type.</summary>
public delegate Task<DataResponse> QueryTypeHandler(QueryContext context, CancellationToken cancellationToken);

/// <summary>
/// Runs the queries of a call concurrently, each through the handler of its <c>queryType</c>, and turns every
/// failure into that query's error so that the other queries still answer.
/// </summary>
public sealed class QueryTypeRouter : IQueryDataHandler
{
    private static readonly JsonDocumentOptions LenientJson = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly Dictionary<string, QueryTypeHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private QueryTypeHandler? _unknown;

    public QueryTypeRouter(string defaultQueryType, ILogger? logger = null)
    {
        DefaultQueryType = defaultQueryType;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The type of queries that name none.</summary>
    public string DefaultQueryType { get; }

    /// <summary>Queries whose JSON is larger are rejected with a per-query error.</summary>
    public int MaxQueryJsonBytes { get; init; } = 1024 * 1024;

    public QueryTypeRouter Map(string queryType, QueryTypeHandler handler)
    {
        _handlers[queryType] = handler;
        return this;
    }

    /// <summary>
    /// Answers queries of a type no handler serves, so that a data source can say what is wrong in its own words (a
    /// spelling suggestion, every other problem of the query); without one they fail with the list of known types.
    /// </summary>
    public QueryTypeRouter MapUnknown(QueryTypeHandler handler)
    {
        _unknown = handler;
        return this;
    }

    public async Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(request.Queries.Select(q => AnswerAsync(request, q, cancellationToken))).ConfigureAwait(false);
        var responses = new Dictionary<string, DataResponse>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Length; i++)
        {
            responses[request.Queries[i].RefId] = answers[i];
        }

        return new QueryDataResponse(responses);
    }

    private async Task<DataResponse> AnswerAsync(QueryDataRequest request, DataQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var context = Parse(request, query);
            var handler = _handlers.GetValueOrDefault(context.QueryType) ?? _unknown!;
            return await handler(context, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            return DataResponse.Failure(e.Message, e.Source, e.Status);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return DataResponse.Failure(PluginFault.Report(_logger, e, $"Query {query.RefId}"), ErrorSource.Plugin);
        }
    }

    private QueryContext Parse(QueryDataRequest request, DataQuery query)
    {
        if (query.Json.Length > MaxQueryJsonBytes)
        {
            throw new QueryException(
                $"Query {query.RefId} is {query.Json.Length:N0} bytes of JSON, more than the limit of {MaxQueryJsonBytes:N0}; shorten the query (e.g. its filter).",
                ErrorSource.Plugin,
                413);
        }

        JsonElement json;
        try
        {
            // As lenient as data sources' own query parsers, which accept what a hand-written query tends to have.
            using var document = JsonDocument.Parse(query.Json.Length == 0 ? "{}"u8.ToArray() : query.Json, LenientJson);
            json = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new QueryException(
                $"Query {query.RefId} is not valid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}; the query must be a JSON object such as {{\"queryType\":\"{DefaultQueryType}\"}}.",
                ErrorSource.Plugin,
                400,
                e);
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new QueryException(
                $"Query {query.RefId} is a JSON {json.ValueKind.ToString().ToLowerInvariant()}, not an object; send an object such as {{\"queryType\":\"{DefaultQueryType}\"}}.",
                ErrorSource.Plugin,
                400);
        }

        var queryType = query.QueryType;
        if (queryType.Length == 0 && json.TryGetProperty("queryType", out var typeProperty) && typeProperty.ValueKind == JsonValueKind.String)
        {
            try
            {
                queryType = typeProperty.GetString() ?? "";
            }
            catch (InvalidOperationException)
            {
                // The parser accepts a lone surrogate escape such as \udc00 and only reading the string refuses it.
                throw new QueryException(
                    $"Query {query.RefId} has a queryType with a \\u escape that is not a character (a lone UTF-16 surrogate); write the query type as plain text.",
                    ErrorSource.Plugin,
                    400);
            }
        }

        if (queryType.Length == 0)
        {
            queryType = DefaultQueryType;
        }

        if (!_handlers.ContainsKey(queryType) && _unknown is null)
        {
            throw new QueryException(
                $"Query {query.RefId} has unknown queryType '{(queryType.Length > 40 ? queryType[..40] + "…" : queryType)}'; use one of: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.",
                ErrorSource.Plugin,
                400);
        }

        return new QueryContext(request.PluginContext, request.Headers, query, queryType, json);
    }
}

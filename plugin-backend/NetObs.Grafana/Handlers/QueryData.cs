using NetObs.Grafana.Frames;

namespace NetObs.Grafana;

/// <summary>A QueryData call: several queries, usually one per panel target.</summary>
public sealed record QueryDataRequest(
    PluginContext PluginContext,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<DataQuery> Queries);

/// <summary>One query of a QueryData call; <see cref="Json"/> is the whole query object the frontend sent.</summary>
public sealed record DataQuery
{
    public string RefId { get; init; } = "";

    /// <summary>The query's <c>queryType</c>, as Grafana copied it out of the JSON (may be empty).</summary>
    public string QueryType { get; init; } = "";

    public TimeRange TimeRange { get; init; }

    public long MaxDataPoints { get; init; }

    public TimeSpan Interval { get; init; }

    public ReadOnlyMemory<byte> Json { get; init; }
}

/// <summary>The dashboard time range of a query.</summary>
public readonly record struct TimeRange(DateTimeOffset From, DateTimeOffset To);

/// <summary>The answer to one query: frames, or an error with its HTTP-like status and source.</summary>
public sealed record DataResponse
{
    public IReadOnlyList<DataFrame> Frames { get; init; } = [];

    public string? Error { get; init; }

    /// <summary>HTTP-like status; 0 means "200 on success, 500 on error".</summary>
    public int Status { get; init; }

    public ErrorSource? ErrorSource { get; init; }

    public static DataResponse Success(params IEnumerable<DataFrame> frames) => new() { Frames = [.. frames], Status = 200 };

    /// <summary>A failed query; the other queries of the call are unaffected.</summary>
    public static DataResponse Failure(string message, ErrorSource source, int status = 0) =>
        new() { Error = message, ErrorSource = source, Status = status != 0 ? status : source == Grafana.ErrorSource.Downstream ? 502 : 500 };
}

/// <summary>The answers of a QueryData call, keyed by refId.</summary>
public sealed record QueryDataResponse(IReadOnlyDictionary<string, DataResponse> Responses);

/// <summary>Answers Grafana's QueryData calls (panels, Explore, alerting).</summary>
public interface IQueryDataHandler
{
    Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken);
}

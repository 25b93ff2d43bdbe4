using System.Globalization;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary>
/// Checks the fields of one pluginv2 DataQuery before they are converted: a value that .NET cannot represent (an epoch
/// after year 9999, an interval beyond TimeSpan) used to throw during conversion and fail the whole QueryData call with
/// gRPC UNKNOWN (issue 12). Now such a query gets a 400 of its own and the other queries of the call are answered.
/// </summary>
internal static class DataQueryLimits
{
    /// <summary>9999-12-31T23:59:59.999Z, the last millisecond a DateTimeOffset holds.</summary>
    public const long MaxEpochMs = 253_402_300_799_999;

    /// <summary>100 years (of 365 days) in milliseconds: longer intervals are no panel's resolution.</summary>
    public const long MaxIntervalMs = 100L * 365 * 24 * 3600 * 1000;

    /// <summary>Larger query JSON is refused unread (the request as a whole is bounded by the gRPC message limit).</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>Longer refIds are refused: Grafana's are a letter or a short name.</summary>
    public const int MaxRefIdLength = 256;

    /// <summary>The first out-of-range field of <paramref name="query"/> as a sentence, or null when every field is in range.</summary>
    public static string? Problem(V2.DataQuery query, int maxJsonBytes = MaxJsonBytes)
    {
        var refId = query.RefId.Length > MaxRefIdLength ? query.RefId[..40] + "…" : query.RefId;
        if (query.RefId.Length > MaxRefIdLength)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"refId is {query.RefId.Length:N0} characters long; it must be at most {MaxRefIdLength}."));
        }

        var from = query.TimeRange?.FromEpochMS ?? 0;
        var to = query.TimeRange?.ToEpochMS ?? 0;
        if (from is < 0 or > MaxEpochMs)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"timeRange.fromEpochMS is {from}; it must be from 0 (1970-01-01) to {MaxEpochMs} (9999-12-31)."));
        }

        if (to is < 0 or > MaxEpochMs)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"timeRange.toEpochMS is {to}; it must be from 0 (1970-01-01) to {MaxEpochMs} (9999-12-31)."));
        }

        if (to < from)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"timeRange.toEpochMS ({to}) is before timeRange.fromEpochMS ({from}); the range must not end before it starts."));
        }

        if (query.IntervalMS is < 0 or > MaxIntervalMs)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"intervalMS is {query.IntervalMS}; it must be from 0 to {MaxIntervalMs} (100 years)."));
        }

        if (query.MaxDataPoints is < 0 or > int.MaxValue)
        {
            return Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"maxDataPoints is {query.MaxDataPoints}; it must be from 0 (no preference) to {int.MaxValue}."));
        }

        return query.Json.Length > maxJsonBytes
            ? Invalid(refId, string.Create(CultureInfo.InvariantCulture, $"the query JSON is {query.Json.Length:N0} bytes, more than the limit of {maxJsonBytes:N0}; shorten the query (e.g. its filter)."))
            : null;
    }

    private static string Invalid(string refId, string problem) => $"Invalid query {refId}: {problem}";
}

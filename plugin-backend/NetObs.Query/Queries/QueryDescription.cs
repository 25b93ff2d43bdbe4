using System.Globalization;
using System.Text;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.Queries;

/// <summary>Builds the effective filter text (as a `hubble observe` command) and the notices every flow query shares.</summary>
public static class QueryDescription
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The `hubble observe` command that asks the relay for the same flows, plus what is done with them.</summary>
    public static string Command(QueryExecution execution, ulong number, string? aggregation)
    {
        var (since, until) = execution.Range;
        var text = new StringBuilder("hubble observe");
        text.Append(" --since ").Append(since.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        text.Append(" --until ").Append(until.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        if (number > 0)
        {
            text.Append(execution.Query.Filter.First is null ? " --last " : " --first ").Append(number.ToString(CultureInfo.InvariantCulture));
        }

        var filter = execution.Query.Filter.Canonical;
        if (filter.Length > 0)
        {
            text.Append(' ').Append(filter);
        }

        if (aggregation is not null)
        {
            text.Append(" | ").Append(aggregation);
        }

        return text.ToString();
    }

    /// <summary>Notices about relay trouble and about a relay buffer that did not reach back to the range start.</summary>
    /// <param name="ringBuffer">False for flows read from a history server, whose coverage notices say where history starts.</param>
    public static List<QueryNotice> ScanNotices(QueryExecution execution, FlowScanStats stats, bool cutByNumber, bool ringBuffer = true)
    {
        var notices = new List<QueryNotice>();
        foreach (var problem in stats.NodeProblems)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Warning, $"Hubble Relay: {problem}; flows from those nodes are missing."));
        }

        if (stats.LostEvents > 0)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Warning, $"Hubble reported {stats.LostEvents} lost events while reading; counts may be low."));
        }

        var (since, until) = execution.Range;
        var sinceNs = TimeBuckets.ToNs(since);
        var slackNs = Math.Max(TimeSpan.FromSeconds(1).Ticks, (until - since).Ticks / 100) * 100L;
        if (ringBuffer && !cutByNumber && stats.Flows > 0 && stats.OldestNs > sinceNs + slackNs)
        {
            var oldest = DateTimeOffset.FromUnixTimeMilliseconds(stats.OldestNs / 1_000_000L).UtcDateTime;
            notices.Add(new QueryNotice(NoticeSeverity.Warning,
                $"The oldest flow the relay returned is from {oldest.ToString(TimeFormat, CultureInfo.InvariantCulture)}, later than the range start " +
                $"{since.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}: Hubble's ring buffer probably no longer holds older flows, so the start of the range is incomplete. " +
                "Shorten the range or raise hubble-event-buffer-capacity."));
        }

        return notices;
    }

    /// <summary>
    /// The fetch of an aggregating query: only the flow fields it reads (the time, its group-by dimensions, and the L7
    /// latency when it computes a quantile), so the relay sends less.
    /// </summary>
    public static FlowFetch AggregationFetch(NetObsQuery query, DateTimeOffset since, DateTimeOffset until, bool needsLatency)
    {
        var mask = new HashSet<string>(StringComparer.Ordinal) { "time" };
        foreach (var dimension in query.GroupBy)
        {
            mask.UnionWith(dimension.MaskPaths);
        }

        if (needsLatency)
        {
            mask.Add("l7.latency_ns");
        }

        return new FlowFetch(query.Filter.Allowlist, query.Filter.Denylist, since, until, 0, false, mask);
    }
}

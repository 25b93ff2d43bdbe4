using System.Globalization;
using NetObs.History.V1;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Query.Aggregation;
using NetObs.Query.Queries;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.History;

/// <summary>
/// What every query type does the same way against a NetObs history server: the flow selection it sends, how the
/// executed query string names the source, when a pushdown may fall back to scanning, and the gap notices of the range.
/// </summary>
public static class HistoryPushdown
{
    /// <summary>Gaps listed one by one in notices; the rest are counted (the coverage query type lists them all).</summary>
    private const int ListedGaps = 5;

    /// <summary>The query's filter and the range in nanoseconds (inclusive), as the in-memory aggregators bound it.</summary>
    public static FlowSelection Selection(QueryExecution execution)
    {
        var (since, until) = execution.Range;
        var selection = new FlowSelection { SinceNs = TimeBuckets.ToNs(since), UntilNs = Math.Max(TimeBuckets.ToNs(until), 1) };
        selection.Whitelist.AddRange(execution.Query.Filter.Allowlist);
        selection.Blacklist.AddRange(execution.Query.Filter.Denylist);
        return selection;
    }

    /// <summary>
    /// Runs <paramref name="push"/> when the source is a history server that can compute the query itself. The result is
    /// null when the query must be scanned instead: a plain relay, a server without <paramref name="capability"/>, or a
    /// server that refused this request (then <see cref="PushdownAttempt{T}.Fallback"/> says why).
    /// </summary>
    public static async Task<PushdownAttempt<T>> TryAsync<T>(
        QueryExecution execution, FlowPushdown capability, Func<IHistoryAggregations, Task<T>> push, CancellationToken cancellationToken)
        where T : class
    {
        var history = await execution.Source.HistoryAsync(cancellationToken).ConfigureAwait(false);
        if (history is null || !history.Pushdown.HasFlag(capability))
        {
            return new PushdownAttempt<T>(null, history, null);
        }

        try
        {
            return new PushdownAttempt<T>(await push(history).ConfigureAwait(false), history, null);
        }
        catch (RelayException e) when (CanScanInstead(e))
        {
            return new PushdownAttempt<T>(null, history, FallbackNotice(history, e));
        }
    }

    /// <summary>
    /// The notices and executed query string of an aggregation the plugin scanned: the scan's notices, and against a
    /// history server its gaps in the range, why it did not push down, and the server it read.
    /// </summary>
    public static async Task<(List<QueryNotice> Notices, string Command)> DescribeScanAsync<T>(
        QueryExecution execution, PushdownAttempt<T> attempt, FlowScanStats stats, string description, CancellationToken cancellationToken)
        where T : class
    {
        var notices = QueryDescription.ScanNotices(execution, stats, cutByNumber: false, ringBuffer: attempt.History is null);
        if (attempt.History is not { } history)
        {
            return (notices, QueryDescription.Command(execution, 0, description));
        }

        notices.AddRange(await CoverageNoticesAsync(execution, history, cancellationToken).ConfigureAwait(false));
        if (attempt.Fallback is not null)
        {
            notices.Insert(0, attempt.Fallback);
        }

        return (notices, ScannedCommand(execution, history, stats, 0, description));
    }

    /// <summary>The executed query string of a pushed-down query: the server, what it did, and the equivalent command.</summary>
    public static string PushedCommand(QueryExecution execution, IHistoryAggregations history, string aggregation) =>
        $"history server {history.Address}, pushdown: SQL aggregation | {QueryDescription.Command(execution, 0, aggregation)}";

    /// <summary>The executed query string of a query the plugin computed from stored flows it read over GetFlows.</summary>
    public static string ScannedCommand(QueryExecution execution, IHistoryAggregations history, FlowScanStats stats, ulong number, string? aggregation) =>
        $"history server {history.Address}, scan of {stats.Flows.ToString(CultureInfo.InvariantCulture)} stored flows | {QueryDescription.Command(execution, number, aggregation)}";

    /// <summary>
    /// Whether a failed aggregation call may be answered by scanning the stored flows instead: the server does not
    /// know a part of the request (an older server: an unknown dimension, or no such RPC). Outages are reported, not hidden.
    /// </summary>
    public static bool CanScanInstead(RelayException error) => error.Failure is RelayFailure.InvalidArgument or RelayFailure.Unimplemented;

    /// <summary>The notice of a query that fell back to scanning, quoting the server's reason.</summary>
    public static QueryNotice FallbackNotice(IHistoryAggregations history, RelayException error) =>
        new(NoticeSeverity.Info, $"The history server at {history.Address} could not compute this query itself ({error.Message}); the plugin read the stored flows and computed it instead, with the same result but more slowly.");

    /// <summary>Notices for gaps (relay outages, lost events, dropped writes, skipped imports) in the range, and for a history that starts after the range does.</summary>
    public static async Task<List<QueryNotice>> CoverageNoticesAsync(QueryExecution execution, IHistoryAggregations history, CancellationToken cancellationToken)
    {
        var (since, until) = execution.Range;
        var sinceNs = TimeBuckets.ToNs(since);
        var untilNs = Math.Max(TimeBuckets.ToNs(until), 1);
        var coverage = await history.CoverageAsync(new CoverageRequest { SinceNs = sinceNs, UntilNs = untilNs }, cancellationToken).ConfigureAwait(false);
        return Notices(coverage, sinceNs, untilNs);
    }

    /// <summary>The gap notices of a coverage answer over [sinceNs, untilNs].</summary>
    public static List<QueryNotice> Notices(CoverageResponse coverage, long sinceNs, long untilNs)
    {
        var notices = new List<QueryNotice>();
        var gaps = coverage.Gaps.OrderBy(g => g.FromNs).ToList();
        foreach (var gap in gaps.Take(ListedGaps))
        {
            var where = gap.Node.Length == 0 ? $"cluster {gap.Cluster}" : $"{gap.Cluster}/{gap.Node}";
            var count = gap.Count > 0 ? $", {gap.Count.ToString(CultureInfo.InvariantCulture)} flows missing" : string.Empty;
            var detail = gap.Detail.Length > 0 ? $": {gap.Detail}" : string.Empty;
            notices.Add(new QueryNotice(NoticeSeverity.Warning,
                $"Gap in the stored flows of {where} from {Time(gap.FromNs)} to {Time(gap.UntilNs)} ({GapReasons.Name(gap.Reason)}{count}{detail}); results for that time are incomplete."));
        }

        if (gaps.Count > ListedGaps)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Warning,
                $"{(gaps.Count - ListedGaps).ToString(CultureInfo.InvariantCulture)} more gaps in the stored flows of this range; a coverage query lists them all."));
        }

        var slackNs = Math.Max(1_000_000_000L, (untilNs - sinceNs) / 100);
        if (coverage.Ranges.Count == 0)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Info, "The history server holds no flows in this range."));
        }
        else if (coverage.Ranges.Min(r => r.OldestNs) is var oldest && oldest > sinceNs + slackNs)
        {
            notices.Add(new QueryNotice(NoticeSeverity.Info,
                $"The oldest stored flow in this range is from {Time(oldest)}, later than the range start {Time(sinceNs)}: the history server holds nothing older (it started following then, or retention removed older days)."));
        }

        return notices;
    }

    public static string Time(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000L).UtcDateTime.ToString(QueryDescription.TimeFormat, CultureInfo.InvariantCulture);
}
